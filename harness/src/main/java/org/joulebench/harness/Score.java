package org.joulebench.harness;

import java.util.Map;

/**
 * How well one query was answered.
 *
 * @param primary the task's primary metric for this item: in [0, 1] for proportions, any finite value otherwise
 * @param other   secondary metrics by name
 */
public record Score(double primary, Map<String, Double> other) {

    public Score {
        if (!Double.isFinite(primary)) {
            throw new IllegalArgumentException("a score must be finite, was " + primary);
        }
        other = Map.copyOf(other);
    }

    /** A score of a proportion metric, checked to lie in [0, 1]. */
    public static Score proportion(double value, Map<String, Double> other) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("a proportion must lie in [0, 1], was " + value);
        }
        return new Score(value, other);
    }
}
