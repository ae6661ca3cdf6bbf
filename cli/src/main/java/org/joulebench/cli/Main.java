package org.joulebench.cli;

import picocli.CommandLine;

/** The {@code joulebench} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int status = run(args);
        // Native libraries may leave non-daemon threads behind; the command's status is final here.
        System.exit(status);
    }

    /** Runs the command line and returns its exit status, without exiting (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with its failure handling, ready to execute. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Joulebench());
        cl.setExecutionExceptionHandler(new Failures());
        cl.setParameterExceptionHandler(Failures::onBadParameter);
        return cl;
    }
}
