package org.joulebench.harness;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * Two runs compared with the fork as the unit of evidence: each side's forks give one figure each (the mean over
 * items), and the sides are two independent samples of processes. Welch's t on the logarithms of the forks'
 * figures gives the ratio, its interval and the p-value (a ratio is symmetric on the log scale; with three forks a
 * side a rank test could never reach significance), Welch's t on the figures themselves the difference.
 */
final class ForkComparison {

    private ForkComparison() {
    }

    static RowComparison compare(QueryRecord id, double[] baseline, double[] current, Metric metric,
                                 ComparisonSettings settings, double k) {
        return compare(id, baseline, current, metric, settings, k, "forks", "fork means",
                "the unit is the fork (" + baseline.length + " and " + current.length + " processes): the spread "
                        + "between processes is in the test");
    }

    /**
     * The same test over any independent unit of which each side has a figure per unit: {@code design} names the
     * unit in the row, {@code means} in the test's name ("Welch t over " + means), {@code note} says what it rests on.
     * Null where a side has fewer than two units.
     */
    static RowComparison compare(QueryRecord id, double[] baseline, double[] current, Metric metric,
                                 ComparisonSettings settings, double k, String design, String means, String note) {
        if (baseline.length < 2 || current.length < 2) {
            return null;
        }
        double mb = StatUtils.mean(baseline);
        double mc = StatUtils.mean(current);
        Welch diff = Welch.of(baseline, current, settings.alpha());
        boolean positive = Arrays.stream(baseline).allMatch(v -> v > 0) && Arrays.stream(current).allMatch(v -> v > 0);
        double ratio = Double.NaN;
        List<Double> ratioCi = List.of(Double.NaN, Double.NaN);
        double p = diff.p();
        double mdeRel = Double.NaN;
        if (positive) {
            Welch log = Welch.of(Arrays.stream(baseline).map(Math::log).toArray(),
                    Arrays.stream(current).map(Math::log).toArray(), settings.alpha());
            ratio = Math.exp(log.estimate());
            ratioCi = List.of(Math.exp(log.lo()), Math.exp(log.hi()));
            p = log.p();
            mdeRel = Math.expm1(k * log.se());
        }
        return new RowComparison(id.task(), id.model(), id.backend(), metric, design,
                "Welch t over " + means + (positive ? " (log scale)" : ""), baseline.length, current.length, mb, mc,
                ratio, ratioCi, mc - mb, List.of(diff.lo(), diff.hi()), p, mdeRel, k * diff.se(), null, note);
    }

    /** Welch's two-sample t: the difference current − baseline, its interval, standard error and p-value. */
    record Welch(double estimate, double lo, double hi, double se, double p) {

        static Welch of(double[] x, double[] y, double alpha) {
            double vx = StatUtils.variance(x) / x.length;
            double vy = StatUtils.variance(y) / y.length;
            double se = Math.sqrt(vx + vy);
            double d = StatUtils.mean(y) - StatUtils.mean(x);
            if (!(se > 0)) {
                return new Welch(d, d, d, 0, d == 0 ? 1 : 0);
            }
            double df = (vx + vy) * (vx + vy) / (vx * vx / (x.length - 1) + vy * vy / (y.length - 1));
            TDistribution t = new TDistribution(df);
            double q = t.inverseCumulativeProbability(1 - alpha / 2);
            double p = 2 * t.cumulativeProbability(-Math.abs(d / se));
            return new Welch(d, d - q * se, d + q * se, se, Math.min(1, p));
        }
    }
}
