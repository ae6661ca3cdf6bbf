package org.joulebench.harness;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The canary's own threads, as many as the run's backends use, so that it sees the load they would. */
final class ThreadsForCanary implements AutoCloseable {

    private final int threads;
    private final ExecutorService executor;

    ThreadsForCanary(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("the canary needs at least one thread, was " + threads);
        }
        this.threads = threads;
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "joulebench-canary");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /** Runs every task at once and returns the sum of their results once all are done. */
    long runAll(List<Callable<Long>> work) {
        try {
            long sum = 0;
            for (Future<Long> f : executor.invokeAll(work)) {
                sum += f.get();
            }
            return sum;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the drift canary ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the drift canary's kernel failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
