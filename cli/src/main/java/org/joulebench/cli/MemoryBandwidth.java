package org.joulebench.cli;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A read-bandwidth probe in the manner of STREAM's sum kernel: {@code threads} threads each sum their slice of one
 * array far larger than any cache, the best of several passes taken. Decoding reads weights and writes little, so
 * reading is the limit worth comparing with.
 */
final class MemoryBandwidth {

    /** Where the sums go, so that the compiler cannot drop the loop that makes them. */
    static volatile long sink;

    private MemoryBandwidth() {
    }

    /** The result: bytes read per second in the best pass, over {@code bytes} bytes per pass. */
    record Result(double bytesPerSecond, long bytes, int threads, int passes) {
    }

    static Result measure(long bytes, int threads, int passes) throws InterruptedException {
        if (bytes < 8L * threads || bytes / 8 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the probe reads at least 8 bytes a thread and at most one Java array"
                    + " (16 GiB); asked for " + bytes + " bytes over " + threads + " threads");
        }
        long[] data = new long[(int) (bytes / 8)];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "joulebench-bandwidth");
            t.setDaemon(true);
            return t;
        });
        try {
            double best = 0;
            long check = 0;
            for (int p = 0; p < passes + 1; p++) { // the first pass compiles the loop and is not counted
                Future<?>[] parts = new Future<?>[threads];
                long[] sums = new long[threads];
                long start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    int part = t;
                    int from = (int) ((long) data.length * t / threads);
                    int to = (int) ((long) data.length * (t + 1) / threads);
                    parts[t] = pool.submit(() -> {
                        sums[part] = sum(data, from, to);
                    });
                }
                for (Future<?> f : parts) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException("the bandwidth probe failed: " + e.getCause(), e.getCause());
                    }
                }
                long nanos = System.nanoTime() - start;
                for (long s : sums) {
                    check += s;
                }
                if (p > 0) {
                    best = Math.max(best, data.length * 8.0 / (nanos / 1e9));
                }
            }
            sink = check; // keeps the sums alive
            return new Result(best, data.length * 8L, threads, passes);
        } finally {
            pool.shutdownNow();
        }
    }

    static long sum(long[] a, int from, int to) {
        long s0 = 0;
        long s1 = 0;
        long s2 = 0;
        long s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < to; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
