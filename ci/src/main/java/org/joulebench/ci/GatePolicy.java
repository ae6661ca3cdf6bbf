package org.joulebench.ci;

/**
 * What the gate tolerates.
 *
 * @param maxRegression    the largest relative worsening of energy or speed that is not a regression, e.g. 0.05
 *                         for 5 % (J/query, J/token up; tokens/s down)
 * @param minAccuracyDelta the largest drop of the task's metric, in its own unit (0.01 = one point of accuracy),
 *                         that is not a regression
 */
public record GatePolicy(double maxRegression, double minAccuracyDelta) {

    public GatePolicy {
        if (!(maxRegression >= 0 && maxRegression < 10)) {
            throw new IllegalArgumentException("max regression must be a fraction ≥ 0 (0.05 for 5 %), was " + maxRegression);
        }
        if (!(minAccuracyDelta >= 0 && Double.isFinite(minAccuracyDelta))) {
            throw new IllegalArgumentException("min accuracy delta must be ≥ 0, was " + minAccuracyDelta);
        }
    }
}
