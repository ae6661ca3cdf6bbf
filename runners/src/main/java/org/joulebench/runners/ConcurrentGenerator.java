package org.joulebench.runners;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@link SharedGenerator} over an engine that takes concurrent calls itself ({@link GenerationBackend#concurrent()}):
 * a remote server, which batches as it is configured to. Requests pass straight through.
 */
final class ConcurrentGenerator implements SharedGenerator {

    private final GenerationBackend backend;

    ConcurrentGenerator(GenerationBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    @Override
    public GenerationBackend backend() {
        return backend;
    }

    /** Unknown here: the server decides; {@link Integer#MAX_VALUE} means no limit on this side. */
    @Override
    public int maxBatch() {
        return Integer.MAX_VALUE;
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
