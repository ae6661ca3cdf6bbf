package org.joulebench.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import org.joulebench.harness.ProgressListener;

/** A progress bar on stderr for a terminal; the command uses {@link ProgressListener#silent()} otherwise. */
final class TerminalProgress implements ProgressListener {

    private ProgressBar bar;

    /** A bar when stderr is a terminal, otherwise nothing at all. */
    static ProgressListener forConsole() {
        return System.console() != null ? new TerminalProgress() : ProgressListener.silent();
    }

    @Override
    public void phase(String name, long total) {
        closeBar();
        bar = new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(200)
                .build();
    }

    @Override
    public void advance(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public void done() {
        closeBar();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
