package org.joulebench.zoo;

/** A model's files could not be found, read or verified; the message says which and what to do. */
public class ModelLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
