package org.joulebench.runners;

/**
 * Hears a generation's progress as it happens, so that the harness can close the prefill energy
 * window at the first token and time each token. Called on the thread that called
 * {@link GenerationBackend#generate}, or on the backend's reader thread for remote engines.
 */
public interface GenerationListener {

    /** The prompt has been processed ({@code promptTokens} of them) and the first token is about to be produced. */
    default void prefillDone(int promptTokens) {
    }

    /** One generated token, with its text piece (possibly empty for a partial UTF-8 sequence). */
    default void token(int id, String piece) {
    }

    GenerationListener NONE = new GenerationListener() {
    };
}
