package org.joulebench.cli;

import java.io.PrintWriter;

import org.joulebench.harness.InputException;
import org.joulebench.harness.RunFailedException;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one clear line on stderr and an exit status: 2 for bad input (what is
 * wrong and how to fix it), 1 for a run that failed midway. No stack traces for the user;
 * {@code JOULEBENCH_DEBUG=1} prints them.
 */
final class Failures implements IExecutionExceptionHandler {

    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof InputException ie) {
            err.println("joulebench: " + ie.getMessage() + (ie.fix() == null ? "" : " — " + ie.fix()));
            debug(ex, err);
            return BAD_INPUT;
        }
        if (ex instanceof RunFailedException rf) {
            err.println("joulebench: run failed: " + rf.getMessage());
            debug(ex, err);
            return FAILED;
        }
        err.println("joulebench: internal error: " + ex + " (set JOULEBENCH_DEBUG=1 for the stack trace, and report it)");
        debug(ex, err);
        return FAILED;
    }

    static int onBadParameter(ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("joulebench: " + ex.getMessage() + " — see `joulebench "
                + ex.getCommandLine().getCommandName() + " --help`");
        return BAD_INPUT;
    }

    private static void debug(Exception ex, PrintWriter err) {
        if ("1".equals(System.getenv("JOULEBENCH_DEBUG"))) {
            ex.printStackTrace(err);
        }
        err.flush();
    }
}
