package org.joulebench.runners;

import java.util.List;

/** An open generative language model on an engine. Not thread-safe unless {@link #concurrent()} says so. */
public interface GenerationBackend extends AutoCloseable {

    /** The engine's id, e.g. {@code llamacpp}, {@code java}, {@code openai}. */
    String backend();

    /** Where it runs: {@code cpu}, {@code cuda}, or {@code remote:<host>} for HTTP engines. */
    String device();

    /** The prompt's tokens as this engine counts them (no BOS added). */
    List<Integer> tokenize(String text) throws BackendException;

    /** Generates a continuation of {@code request.prompt()}, telling {@code listener} as it goes. */
    Generation generate(GenerationRequest request, GenerationListener listener) throws BackendException;

    /**
     * Log-likelihood of {@code continuation} after {@code context}, in bits (base-2 log of the
     * probability the model gives the continuation's tokens, summed); for bits per character.
     * Engines that cannot score throw {@link UnsupportedOperationException}.
     */
    double log2Likelihood(String context, String continuation) throws BackendException;

    /**
     * Whether several threads may call {@link #generate} at once, as for a remote server that schedules the requests
     * itself. Local engines are not: a {@link SharedGenerator} takes their callers' requests in turn or batches them.
     */
    default boolean concurrent() {
        return false;
    }

    /**
     * What a reader of this engine's figures should know about how it runs here, one line each, e.g. that its fast
     * kernels are off in this JVM; empty when there is nothing to say.
     */
    default java.util.List<String> notes() {
        return java.util.List.of();
    }

    @Override
    void close();
}
