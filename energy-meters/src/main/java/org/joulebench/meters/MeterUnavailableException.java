package org.joulebench.meters;

/**
 * Thrown by {@link MeterProvider#open} (never mid-run) when a meter cannot work. The message
 * says what failed and why; {@link #fix()} says what to do.
 */
public class MeterUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;
    private final String fix;

    public MeterUnavailableException(String message, String fix) {
        super(message);
        this.fix = fix;
    }

    public MeterUnavailableException(String message, String fix, Throwable cause) {
        super(message, cause);
        this.fix = fix;
    }

    public String fix() {
        return fix;
    }
}
