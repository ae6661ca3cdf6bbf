package org.joulebench.ci;

/**
 * How an A/B comparison of two commands runs and is judged.
 *
 * @param rounds    the most rounds measured (each runs A once and B once)
 * @param minRounds the fewest rounds before the comparison may stop early; equal to {@code rounds} for a fixed
 *                  number of rounds
 * @param warmup    rounds run first and not recorded
 * @param seed      the seed of the order within rounds
 * @param alpha     the test's level, and 1 − the intervals' coverage
 * @param power     the power at which the detectable change is stated
 * @param policy    what the gate allows
 */
public record AbSettings(int rounds, int minRounds, int warmup, long seed, double alpha, double power,
                         GatePolicy policy) {

    /**
     * The fewest rounds a verdict can rest on: with fewer than 6 pairs, even a difference of the same sign in every
     * round has a two-sided signed-rank p-value of at least 2 / 2⁵ = 0.0625, so no change could ever be
     * significant at α = 0.05.
     */
    public static final int MIN_ROUNDS = 6;

    public AbSettings {
        if (rounds < MIN_ROUNDS) {
            throw new IllegalArgumentException("--rounds " + rounds + " is too few: with fewer than " + MIN_ROUNDS
                    + " rounds the paired test can never find a change significant; give at least " + MIN_ROUNDS
                    + " (30 is the default)");
        }
        if (minRounds < MIN_ROUNDS || minRounds > rounds) {
            throw new IllegalArgumentException("--min-rounds must lie between " + MIN_ROUNDS + " and --rounds ("
                    + rounds + "), was " + minRounds);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be 0 or more rounds, was " + warmup);
        }
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must lie between 0 and 0.5, was " + alpha);
        }
        if (!(power > 0.5 && power < 1)) {
            throw new IllegalArgumentException("power must lie between 0.5 and 1, was " + power);
        }
    }

    /** Whether the comparison may stop before {@link #rounds} once every verdict is settled. */
    public boolean adaptive() {
        return minRounds < rounds;
    }
}
