package org.joulebench.meters;

/** An open measurement window; {@link #end()} closes it and returns what it measured. */
public interface Window {

    String label();

    /**
     * Ends the window. Fails with {@link MeterReadException} when a counter cannot be read or
     * moved impossibly (a reset): never reports a made-up figure.
     */
    Measurement end();
}
