package org.joulebench.harness;

import java.util.List;

/**
 * A mean with its 95% confidence interval.
 *
 * @param mean  the point estimate
 * @param ci95  lower and upper bound of the 95% confidence interval
 * @param n     how many samples the interval rests on
 * @param basis what the samples are: {@code repetitions}, {@code queries} or {@code items}
 */
public record Stat(double mean, List<Double> ci95, int n, String basis) {

    public Stat {
        if (ci95.size() != 2) {
            throw new IllegalArgumentException("ci95 needs a lower and an upper bound, got " + ci95);
        }
        ci95 = List.copyOf(ci95);
    }

    public static Stat of(double mean, double lo, double hi, int n, String basis) {
        return new Stat(mean, List.of(lo, hi), n, basis);
    }

    public double lo() {
        return ci95.get(0);
    }

    public double hi() {
        return ci95.get(1);
    }
}
