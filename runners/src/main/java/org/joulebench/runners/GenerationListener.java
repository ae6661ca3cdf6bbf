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

    /**
     * Whether this listener times each token as it arrives (the serving scenario's TTFT and TPOT, a streaming HTTP
     * client): an engine that hands tokens over in batches to spare the caller's CPU (the llama.cpp child) then hands
     * each over at once, so that its arrival time is its own. False by default: the single scenario times decode
     * inside the engine.
     */
    default boolean timesEachToken() {
        return false;
    }

    GenerationListener NONE = new GenerationListener() {
    };
}
