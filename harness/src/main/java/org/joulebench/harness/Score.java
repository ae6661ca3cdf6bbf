package org.joulebench.harness;

import java.util.Map;

/**
 * How well one query was answered.
 *
 * @param primary the task's primary metric for this item, in [0, 1]
 * @param other   secondary metrics by name, each in [0, 1]
 */
public record Score(double primary, Map<String, Double> other) {

    public Score {
        if (!(primary >= 0 && primary <= 1)) {
            throw new IllegalArgumentException("a score must lie in [0, 1], was " + primary);
        }
        other = Map.copyOf(other);
    }
}
