package org.joulebench.runners;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** A {@link SharedGenerator} that serves its callers one at a time, in the order they came (a fair lock). */
final class SerialGenerator implements SharedGenerator {

    private final GenerationBackend backend;
    private final String why;
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile boolean closed;

    SerialGenerator(GenerationBackend backend, String why) {
        this.backend = java.util.Objects.requireNonNull(backend, "backend");
        this.why = why;
    }

    @Override
    public GenerationBackend backend() {
        return backend;
    }

    @Override
    public int maxBatch() {
        return 1;
    }

    @Override
    public Optional<String> whyNotBatched() {
        return Optional.of(why);
    }

    @Override
    public Generation generate(GenerationRequest request, GenerationListener listener) throws BackendException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for the " + backend.backend() + " engine", e);
        }
        try {
            if (closed) {
                throw new BackendException("the " + backend.backend() + " engine was closed");
            }
            return backend.generate(request, listener);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            backend.close();
        } finally {
            lock.unlock();
        }
    }
}
