package org.joulebench.harness;

import java.util.Random;

/** Arrival times of a Poisson process of requests, from a seed: the first at 0, then exponential gaps of mean 1/rate. */
final class PoissonArrivals {

    private PoissonArrivals() {
    }

    /** {@code requests} arrival times in nanoseconds from the level's start, ascending. */
    static long[] schedule(int requests, double ratePerS, long seed) {
        Random random = new Random(seed);
        long[] at = new long[requests];
        double t = 0;
        for (int i = 1; i < requests; i++) {
            // 1 - nextDouble() is in (0, 1]: the log is finite.
            t += -Math.log(1 - random.nextDouble()) / ratePerS;
            at[i] = Math.round(t * 1e9);
        }
        return at;
    }
}
