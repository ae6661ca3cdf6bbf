package org.joulebench.harness;

import java.util.List;

/**
 * How two runs are compared.
 *
 * @param metrics    what to compare
 * @param alpha      the tests' significance level, in (0, 0.5)
 * @param power      the power at which the minimum detectable effect is stated, in (0.5, 1), conventionally 0.8
 * @param resamples  bootstrap resamples per row and metric, at least 100
 * @param seed       the bootstrap's seed; each row draws from its own stream derived from it and the row's
 *                   name, so results do not depend on the order of the rows
 */
public record ComparisonSettings(List<Metric> metrics, double alpha, double power, int resamples, long seed) {

    /** Power 80 %, 2000 resamples, seed 1. */
    public static ComparisonSettings of(List<Metric> metrics, double alpha) {
        return new ComparisonSettings(metrics, alpha, 0.8, 2000, 1);
    }

    public ComparisonSettings {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no metric to compare: give at least one of " + Metric.perItemIds());
        }
        for (Metric m : metrics) {
            if (!m.perItem()) {
                throw new IllegalArgumentException(m.id() + " has no per-item value to compare; compare one of "
                        + Metric.perItemIds());
            }
        }
        metrics = List.copyOf(metrics);
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must lie between 0 and 0.5, was " + alpha);
        }
        if (!(power > 0.5 && power < 1)) {
            throw new IllegalArgumentException("power must lie between 0.5 and 1, was " + power);
        }
        if (resamples < 100) {
            throw new IllegalArgumentException("at least 100 bootstrap resamples are needed, was " + resamples);
        }
    }
}
