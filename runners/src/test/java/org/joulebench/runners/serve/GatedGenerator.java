package org.joulebench.runners.serve;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.joulebench.runners.BackendException;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.SharedGenerator;

/**
 * A generator that takes concurrent calls and holds each until the test opens the gate: it tells each arrival,
 * then emits one token per {@code tick} while it waits (its piece {@code tickPiece}, "" for a token whose text is not
 * complete yet), so that a cancelling listener is heard. After the gate opens each call answers {@code maxNewTokens}
 * "x" tokens. {@link #ended} is released as each call returns or throws.
 */
final class GatedGenerator implements SharedGenerator {

    final Semaphore arrived = new Semaphore(0);
    final CountDownLatch gate = new CountDownLatch(1);
    final Semaphore ended = new Semaphore(0);
    private final long tickMillis;
    private final String tickPiece;

    GatedGenerator(long tickMillis) {
        this(tickMillis, "");
    }

    GatedGenerator(long tickMillis, String tickPiece) {
        this.tickMillis = tickMillis;
        this.tickPiece = tickPiece;
    }

    @Override
    public GenerationBackend backend() {
        throw new UnsupportedOperationException("no engine underneath");
    }

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
        try {
            return held(request, listener);
        } finally {
            ended.release();
        }
    }

    private Generation held(GenerationRequest request, GenerationListener listener) throws BackendException {
        arrived.release();
        listener.prefillDone(3);
        try {
            while (!gate.await(tickMillis, TimeUnit.MILLISECONDS)) {
                listener.token(0, tickPiece);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < request.maxNewTokens(); i++) {
            listener.token(1, "x");
            text.append('x');
        }
        return new Generation(text.toString(), java.util.Collections.nCopies(request.maxNewTokens(), 1), 3,
                request.maxNewTokens(), false, 1, 1);
    }

    @Override
    public void close() {
    }
}
