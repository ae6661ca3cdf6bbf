package org.joulebench.harness;

/**
 * Bad input from the user: a suite, dataset, model id, meter or folder that cannot be used. The
 * message says what is wrong and where (file and line where there is one); {@link #fix()} says
 * what to do. The command line prints both on one line and exits with status 2.
 */
public class InputException extends Exception {

    private static final long serialVersionUID = 1L;
    private final String fix;

    public InputException(String message, String fix) {
        super(message);
        this.fix = fix;
    }

    public InputException(String message, String fix, Throwable cause) {
        super(message, cause);
        this.fix = fix;
    }

    public String fix() {
        return fix;
    }
}
