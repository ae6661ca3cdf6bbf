package org.joulebench.runners;

import java.util.Optional;

/**
 * One open generation engine shared by concurrent callers: the requests of {@code joulebench serve}, the streams of the
 * serving scenario. Engines that can decode several sequences in one step batch the callers' requests (up to
 * {@link #maxBatch()}); the others take them one at a time, and {@link #whyNotBatched()} says why, for the report.
 * Thread-safe: {@link #generate} blocks its caller until its own request is done.
 */
public interface SharedGenerator extends AutoCloseable {

    /** The engine underneath (its id, device, tokenizer). Callers must not generate on it directly. */
    GenerationBackend backend();

    /** The most requests decoded together: 1 where the engine cannot batch. */
    int maxBatch();

    /** Why requests are not decoded together (engine cannot, or a batch of 1 was asked for); empty where they are. */
    Optional<String> whyNotBatched();

    /**
     * Generates {@code request} among the others in flight; the listener hears this request's prefill and tokens, on
     * whichever thread the engine decodes them.
     */
    Generation generate(GenerationRequest request, GenerationListener listener) throws BackendException;

    /** Closes the engine; requests in flight fail with a {@link BackendException}. */
    @Override
    void close();

    /**
     * A shared generator over {@code backend}: requests go straight through to an engine that takes them concurrently
     * (a remote server schedules them itself; llama.cpp once given {@code maxBatch} slots); the java engine batches up
     * to {@code maxBatch} in a {@link DecodeBatch}; any other serves one request at a time.
     */
    static SharedGenerator of(GenerationBackend backend, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        if (maxBatch > 1 && backend instanceof ParallelDecoding engine) {
            try {
                return new ConcurrentGenerator(backend, engine.decodeInParallel(maxBatch));
            } catch (BackendException e) {
                return new SerialGenerator(backend, "the " + backend.backend() + " engine could not make room for "
                        + maxBatch + " sequences: " + e.getMessage());
            }
        }
        if (backend.concurrent()) {
            return new ConcurrentGenerator(backend);
        }
        if (maxBatch > 1 && backend instanceof BatchDecoding engine) {
            return new BatchingGenerator(backend, engine.openBatch(maxBatch));
        }
        return new SerialGenerator(backend, maxBatch == 1
                ? "a batch of 1 was asked for"
                : "the " + backend.backend() + " engine decodes one sequence at a time");
    }
}
