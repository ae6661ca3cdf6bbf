package org.joulebench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The canary's memory kernel: streams through a buffer far larger than the last-level cache (2 × 64 MiB),
 * reading one half and writing the other, each thread its own slice. Bandwidth-bound, so it sees a neighbour
 * that competes for memory, which the CPU kernel may not.
 */
final class CanaryMemoryKernel implements CanaryKernel {

    /** Longs in each of the two buffers: 64 MiB each. */
    static final int LONGS = 8 << 20;

    private final ThreadsForCanary pool;
    private final int longs;
    private long[] source;
    private long[] target;

    CanaryMemoryKernel(ThreadsForCanary pool) {
        this(pool, LONGS);
    }

    /** A kernel over smaller buffers, for tests; its id says so. */
    CanaryMemoryKernel(ThreadsForCanary pool, int longs) {
        if (longs < pool.threads()) {
            throw new IllegalArgumentException("the canary's memory buffer needs at least one long per thread, was "
                    + longs + " for " + pool.threads() + " threads");
        }
        this.pool = pool;
        this.longs = longs;
    }

    @Override
    public String id() {
        return longs == LONGS ? "memory-stream@1" : "memory-stream@1/" + longs;
    }

    @Override
    public String unit() {
        return "one read of " + mib() + " MiB and one write of " + mib() + " MiB, split over " + threads()
                + " thread(s)";
    }

    private long mib() {
        return (long) longs * Long.BYTES >> 20;
    }

    @Override
    public int threads() {
        return pool.threads();
    }

    @Override
    public long run(long units) {
        if (source == null) {
            // Allocated at first use (and zeroed, so every page is touched before any unit is timed).
            source = new long[longs];
            target = new long[longs];
            for (int i = 0; i < longs; i++) {
                source[i] = i * 0x9E3779B97F4A7C15L;
            }
        }
        long[] from = source;
        long[] to = target;
        int n = threads();
        List<Callable<Long>> work = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int lo = (int) ((long) longs * t / n);
            int hi = (int) ((long) longs * (t + 1) / n);
            work.add(() -> {
                long sum = 0;
                for (long u = 0; u < units; u++) {
                    sum += stream(from, to, lo, hi, u);
                }
                return sum;
            });
        }
        return pool.runAll(work);
    }

    /** One thread's slice of one unit. */
    static long stream(long[] from, long[] to, int lo, int hi, long salt) {
        long sum = salt;
        for (int i = lo; i < hi; i++) {
            long v = from[i] + salt;
            to[i] = v;
            sum += v;
        }
        return sum;
    }
}
