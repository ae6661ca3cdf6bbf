package org.joulebench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The canary's CPU kernel: on each of its threads, a dependent chain of integer (64-bit LCG) and floating-point
 * (multiply-add) steps. Latency-bound and cache-resident, so it sees the core's clock and who else runs on it,
 * not the memory system.
 */
final class CanaryCpuKernel implements CanaryKernel {

    /** Steps per thread in one unit. */
    static final int STEPS = 1 << 20;

    private final ThreadsForCanary pool;

    CanaryCpuKernel(ThreadsForCanary pool) {
        this.pool = pool;
    }

    @Override
    public String id() {
        return "cpu-lcg-fma@1";
    }

    @Override
    public String unit() {
        return STEPS + " dependent LCG + multiply-add steps on each of " + threads() + " thread(s)";
    }

    @Override
    public int threads() {
        return pool.threads();
    }

    @Override
    public long run(long units) {
        List<Callable<Long>> work = new ArrayList<>();
        for (int t = 0; t < threads(); t++) {
            long seed = 0x9E3779B97F4A7C15L * (t + 1);
            work.add(() -> {
                long sum = 0;
                for (long u = 0; u < units; u++) {
                    sum += steps(seed + u);
                }
                return sum;
            });
        }
        return pool.runAll(work);
    }

    /** One thread's unit of work. */
    static long steps(long seed) {
        long x = seed;
        double y = 1.0;
        for (int i = 0; i < STEPS; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            y = y * 0.999999 + (x >>> 40) * 1e-9;
        }
        return x ^ Double.doubleToLongBits(y);
    }
}
