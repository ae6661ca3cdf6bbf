package org.joulebench.harness;

import java.util.Arrays;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/** The statistics results rest on, built on Commons Math. */
public final class Stats {

    private static final double CONFIDENCE = 0.95;

    private Stats() {
    }

    /**
     * Mean with a two-sided 95% Student-t interval. With one sample the interval is the point
     * itself and {@code n} says so: one sample carries no spread.
     */
    public static Stat meanWithT(double[] values, String basis) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples for " + basis);
        }
        SummaryStatistics s = new SummaryStatistics();
        for (double v : values) {
            s.addValue(v);
        }
        double mean = s.getMean();
        if (values.length == 1) {
            return Stat.of(mean, mean, mean, 1, basis);
        }
        double t = new TDistribution(values.length - 1).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        double half = t * s.getStandardDeviation() / Math.sqrt(values.length);
        return Stat.of(mean, mean - half, mean + half, values.length, basis);
    }

    /**
     * Mean of a positive quantity (joules, tokens/s) with a 95% interval on the log scale, so that it never goes
     * below zero: {@code mean × exp(±t · s / (mean · √n))}, the Student-t interval of the log of the mean by the
     * delta method. Where a sample is zero or below (a net figure within idle noise), the quantity is not known
     * to be positive and the plain Student-t interval ({@link #meanWithT}) stands.
     */
    public static Stat positiveMean(double[] values, String basis) {
        Stat t = meanWithT(values, basis);
        if (values.length < 2 || java.util.Arrays.stream(values).anyMatch(v -> !(v > 0))) {
            return t;
        }
        double mean = t.mean();
        double logHalf = (t.hi() - mean) / mean; // t · s / √n, relative to the mean
        return Stat.of(mean, mean * Math.exp(-logHalf), mean * Math.exp(logHalf), values.length, basis);
    }

    /** Resamples of {@link #bootstrapMean}. */
    static final int BOOTSTRAP_RESAMPLES = 2000;

    /**
     * Mean of per-item scores with a 95% percentile-bootstrap interval over the items ({@value #BOOTSTRAP_RESAMPLES}
     * resamples, a fixed seed, so the same scores give the same interval): it stays within the range of the scores,
     * so a score bounded in [0, 1] (MRR, character accuracy) keeps its interval in [0, 1].
     */
    public static Stat bootstrapMean(double[] values, String basis) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples for " + basis);
        }
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        if (values.length == 1) {
            return Stat.of(mean, mean, mean, 1, basis);
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(0x5eedL);
        double[] means = new double[BOOTSTRAP_RESAMPLES];
        for (int b = 0; b < means.length; b++) {
            double sum = 0;
            for (int i = 0; i < values.length; i++) {
                sum += values[random.nextInt(values.length)];
            }
            means[b] = sum / values.length;
        }
        double lo = percentile(means, 100 * (1 - CONFIDENCE) / 2);
        double hi = percentile(means, 100 * (1 - (1 - CONFIDENCE) / 2));
        return Stat.of(mean, Math.min(lo, mean), Math.max(hi, mean), values.length, basis);
    }

    /** A proportion with its 95% Wilson score interval (sound near 0 and 1, unlike the normal approximation). */
    public static Stat proportion(double successes, int n, String basis) {
        if (n <= 0) {
            throw new IllegalArgumentException("no trials for " + basis);
        }
        double p = successes / n;
        double z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return Stat.of(p, Math.max(0, centre - half), Math.min(1, centre + half), n, basis);
    }

    /** The {@code q}-th percentile (0 < q ≤ 100), linear interpolation between order statistics (R-7, as numpy's default). */
    public static double percentile(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] copy = Arrays.copyOf(values, values.length);
        return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(copy, q);
    }
}
