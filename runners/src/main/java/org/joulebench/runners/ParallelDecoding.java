package org.joulebench.runners;

/**
 * An engine that decodes concurrent requests together once it has room for them, scheduling them itself (llama.cpp's
 * parallel slots and continuous batching). {@link SharedGenerator#of} gives it room for its batch, then passes its
 * callers' requests straight through.
 */
public interface ParallelDecoding {

    /**
     * Makes room for {@code sequences} sequences decoded together, each with the context one had before (the engine may
     * reload its model), after which {@link GenerationBackend#generate} and {@link GenerationBackend#tokenize} may be
     * called from several threads at once; requests beyond the room wait in the engine. Returns the room made.
     */
    int decodeInParallel(int sequences) throws BackendException;
}
