package org.joulebench.meters;

/** A counter that could be read at open could not be read later, or moved impossibly. */
public class MeterReadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MeterReadException(String message) {
        super(message);
    }

    public MeterReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
