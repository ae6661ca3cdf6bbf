package org.joulebench.runners.serve;

/** The server could not start (the port is in use, the address is not this host's); the message says which. */
public class ServeException extends Exception {

    private static final long serialVersionUID = 1L;

    public ServeException(String message, Throwable cause) {
        super(message, cause);
    }
}
