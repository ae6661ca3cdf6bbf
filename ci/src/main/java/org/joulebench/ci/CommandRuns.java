package org.joulebench.ci;

import java.nio.file.Path;
import java.util.List;

import org.joulebench.meters.CpuClock;
import org.joulebench.meters.Meter;
import org.joulebench.meters.Ticker;

/** Runs one side's command once and measures it: the seam between the A/B loop and processes and meters. */
public interface CommandRuns {

    /**
     * Runs {@code command} for {@code side} and returns its measurement (with {@code start} relative to the
     * clock's origin; the loop makes it relative to the first run).
     *
     * @throws CommandFailedException when the command (or a preparation step) exits non-zero
     * @throws InterruptedException   when {@link #interrupt()} stopped it: the run counts for nothing
     */
    RunRecord run(int round, Side side, int position, String command) throws CommandFailedException,
            InterruptedException;

    /** Stops the run under way, if any, from another thread (a signal handler); later runs are refused. */
    void interrupt();

    /**
     * Commands run with {@code sh -c}, each in its own window of every meter, timed with {@code ticker}, their CPU
     * time read from {@code endedChildren} after they exit.
     *
     * @param prepare    a command run before every run, outside the windows, or null
     * @param showOutput whether the commands' stdout and stderr go to this process's (otherwise stdout is
     *                   discarded and the end of stderr kept for an error message)
     * @param scratch    a folder for the commands' stderr
     */
    static CommandRuns shell(List<Meter> meters, Ticker ticker, CpuClock endedChildren, String prepare,
                             boolean showOutput, Path scratch) {
        return new ShellCommandRuns(meters, ticker, endedChildren, prepare, showOutput, scratch);
    }
}
