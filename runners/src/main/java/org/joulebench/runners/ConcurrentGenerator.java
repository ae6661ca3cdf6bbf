package org.joulebench.runners;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@link SharedGenerator} over an engine that takes concurrent calls itself ({@link GenerationBackend#concurrent()}):
 * a remote server, which batches as it is configured to, or a local engine given room for a batch
 * ({@link ParallelDecoding}). Requests pass straight through.
 */
final class ConcurrentGenerator implements SharedGenerator {

    private final GenerationBackend backend;
    private final int maxBatch;

    ConcurrentGenerator(GenerationBackend backend) {
        this(backend, Integer.MAX_VALUE);
    }

    /** Over an engine that decodes up to {@code maxBatch} of the requests together and queues the others. */
    ConcurrentGenerator(GenerationBackend backend, int maxBatch) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.maxBatch = maxBatch;
    }

    @Override
    public GenerationBackend backend() {
        return backend;
    }

    /** The engine's room, or {@link Integer#MAX_VALUE} where a server decides (no limit on this side). */
    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public Optional<String> whyNotBatched() {
        return Optional.empty();
    }

    @Override
    public Generation generate(GenerationRequest request, GenerationListener listener) throws BackendException {
        return backend.generate(request, listener);
    }

    @Override
    public void close() {
        backend.close();
    }
}
