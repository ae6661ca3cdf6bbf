package org.joulebench.harness;

import java.util.List;

/**
 * The serving scenario's settings (issue 11, part 4): concurrent streams against one shared engine instead of one
 * query at a time. The run's plan comes from the command line; a suite task may carry its own, and a setting given on
 * the command line wins over the task's ({@link #over}).
 *
 * @param concurrency levels to run, each a number of concurrent streams (empty: each task must name its own)
 * @param requests    requests per level; null for {@link #DEFAULT_REQUESTS_PER_STREAM} × the level's concurrency
 * @param ratePerS    mean Poisson arrival rate in requests per second; null for a closed loop (each stream sends its
 *                    next request when its previous one ends)
 * @param sloTpotMs   the time-per-output-token objective in milliseconds; null for none
 */
public record ServingPlan(List<Integer> concurrency, Integer requests, Double ratePerS, Double sloTpotMs) {

    /**
     * Requests per stream by default: the steady-state window needs every stream to have a request after its first
     * (it opens at the last stream's first token and closes when the first stream runs out of work), and four per
     * stream keep the ramp and the tail short against it.
     */
    public static final int DEFAULT_REQUESTS_PER_STREAM = 4;

    /** Fewest requests per stream for a window: two (one to ramp up on, one to decode in steady state). */
    public static final int MIN_REQUESTS_PER_STREAM = 2;

    public ServingPlan {
        concurrency = List.copyOf(concurrency);
        for (int c : concurrency) {
            if (c < 1) {
                throw new IllegalArgumentException("--concurrency levels must be whole numbers >= 1, was " + c);
            }
        }
        if (concurrency.stream().distinct().count() != concurrency.size()) {
            throw new IllegalArgumentException("--concurrency names a level twice: " + concurrency);
        }
        if (requests != null && requests < 1) {
            throw new IllegalArgumentException("--requests must be >= 1, was " + requests);
        }
        if (ratePerS != null && !(ratePerS > 0 && Double.isFinite(ratePerS))) {
            throw new IllegalArgumentException("--rate must be a number of requests per second > 0, was " + ratePerS);
        }
        if (sloTpotMs != null && !(sloTpotMs > 0 && Double.isFinite(sloTpotMs))) {
            throw new IllegalArgumentException("--slo-tpot-ms must be a number of milliseconds > 0, was " + sloTpotMs);
        }
    }

    /** Requests at level {@code n}: the plan's number, or {@link #DEFAULT_REQUESTS_PER_STREAM} × n. */
    public int requestsAt(int n) {
        return requests != null ? requests : DEFAULT_REQUESTS_PER_STREAM * n;
    }

    /** This plan (the command line's) over a task's own: each setting given here wins, the task's fills the rest. */
    public ServingPlan over(ServingPlan task) {
        if (task == null) {
            return this;
        }
        return new ServingPlan(concurrency.isEmpty() ? task.concurrency() : concurrency,
                requests != null ? requests : task.requests(), ratePerS != null ? ratePerS : task.ratePerS(),
                sloTpotMs != null ? sloTpotMs : task.sloTpotMs());
    }

    /**
     * Checks the plan a task runs with, before anything is measured: at least one level, and enough requests at each
     * for a steady state.
     *
     * @throws InputException naming the task and the fix
     */
    void requireRunnable(String task) throws InputException {
        if (concurrency.isEmpty()) {
            throw new InputException("task " + task + ": the server scenario has no --concurrency levels",
                    "give --concurrency 1,2,4 (or 'serving: {concurrency: [1, 2, 4]}' on the task in the suite)");
        }
        for (int n : concurrency) {
            if (requestsAt(n) < MIN_REQUESTS_PER_STREAM * n) {
                throw new InputException("task " + task + ": --requests " + requestsAt(n) + " at concurrency " + n
                        + " leaves no steady state (it needs at least " + MIN_REQUESTS_PER_STREAM
                        + " requests per stream)", "give --requests " + MIN_REQUESTS_PER_STREAM * n
                        + " or more, or leave it out (" + DEFAULT_REQUESTS_PER_STREAM + " per stream)");
            }
        }
    }
}
