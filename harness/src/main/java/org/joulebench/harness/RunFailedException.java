package org.joulebench.harness;

/** A run that started could not finish: a backend or a meter failed mid-run. */
public class RunFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
