package org.joulebench.harness;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.joulebench.meters.Ticker;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;

/**
 * A generation engine on a hand-moved clock: prefill moves it by {@code prefillNanos}, each token by {@code
 * tokenNanos} before the listener hears it. {@link #failOn} makes one call fail; {@link #stallOn} makes one call
 * wait until {@link #release} (a stalled stream).
 */
final class FakeStreamingBackend implements GenerationBackend, Ticker {

    final AtomicLong now = new AtomicLong();
    final AtomicInteger calls = new AtomicInteger();
    final long prefillNanos;
    final long tokenNanos;
    volatile int failOn = -1;
    volatile int stallOn = -1;
    final CountDownLatch release = new CountDownLatch(1);

    FakeStreamingBackend(long prefillNanos, long tokenNanos) {
        this.prefillNanos = prefillNanos;
        this.tokenNanos = tokenNanos;
    }

    @Override public long nanoTime() { return now.get(); }
    @Override public String backend() { return "fake"; }
    /** Where the fake says it runs: {@code cpu}, or {@code cuda:0} to stand for a model on a GPU. */
    volatile String device = "cpu";

    @Override public String device() { return device; }
    @Override public List<Integer> tokenize(String text) { return List.of(1, 2, 3); }
    @Override public double log2Likelihood(String context, String continuation) { return -1; }
    @Override public void close() { }

    @Override
    public Generation generate(GenerationRequest request, GenerationListener listener) throws BackendException {
        int call = calls.getAndIncrement();
        if (call == failOn) {
            throw new BackendException("fake engine error");
        }
        if (call == stallOn) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new BackendException("released");
        }
        now.addAndGet(prefillNanos);
        listener.prefillDone(3);
        for (int i = 0; i < request.maxNewTokens(); i++) {
            now.addAndGet(tokenNanos);
            listener.token(i, "t");
        }
        return new Generation("t".repeat(request.maxNewTokens()), List.of(), 3, request.maxNewTokens(), false,
                prefillNanos, tokenNanos * (request.maxNewTokens() - 1));
    }
}
