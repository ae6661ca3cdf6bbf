package org.joulebench.harness;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The ratio current/baseline of one metric over paired observations (A/B rounds: each round ran the baseline
 * and the current side once, close together in time), estimated on the log scale where a ratio is symmetric.
 *
 * <p>Per pair the log ratio {@code ln(current / baseline)}; the estimate is their Hodges-Lehmann pseudo-median
 * (the median of all pairwise averages), with the distribution-free interval that inverts the Wilcoxon
 * signed-rank test, and that test's two-sided p-value. Rank-based because a round hit by a burst of other load
 * is an outlier that would drag a mean and its t-interval; the pseudo-median loses little against the mean when
 * there are no outliers (95 % efficiency under normal noise). Exact signed-rank distribution up to
 * {@value #EXACT_UP_TO} pairs without tied magnitudes, the normal approximation (with continuity and tie
 * corrections, {@link RankTests}) otherwise.
 *
 * @param pairs        how many pairs the figures rest on
 * @param baseline     the baseline side's median
 * @param current      the current side's median
 * @param ratio        exp of the pseudo-median log ratio: current / baseline; NaN where a value is not positive
 * @param ratioCi95    the interval of the ratio at 1 − α (95 % by default)
 * @param pValue       two-sided signed-rank p-value of "no change"
 * @param mdeRelative  the smallest relative change the rounds could have detected (at the given power), from the
 *                     interval's width; NaN without a ratio
 * @param roundRatios  each pair's own ratio, in order
 */
public record PairedRatio(int pairs, double baseline, double current, double ratio, List<Double> ratioCi95,
                          double pValue, double mdeRelative, List<Double> roundRatios) {

    public PairedRatio {
        ratioCi95 = List.copyOf(ratioCi95);
        roundRatios = List.copyOf(roundRatios);
    }

    /** Above this many pairs the signed-rank distribution is taken as normal. */
    static final int EXACT_UP_TO = 60;
    private static final NormalDistribution NORMAL = new NormalDistribution();

    /**
     * @param baseline one value per pair, positive
     * @param current  the same pairs' other side
     * @param alpha    the test's level and 1 − the interval's coverage, in (0, 0.5)
     * @param power    the power at which the detectable change is stated, in (0.5, 1)
     */
    public static PairedRatio of(double[] baseline, double[] current, double alpha, double power) {
        if (baseline.length != current.length || baseline.length == 0) {
            throw new IllegalArgumentException("need the same positive number of values on both sides, had "
                    + baseline.length + " and " + current.length);
        }
        int n = baseline.length;
        double mb = median(baseline);
        double mc = median(current);
        double[] logs = new double[n];
        double[] ratios = new double[n];
        for (int i = 0; i < n; i++) {
            ratios[i] = current[i] / baseline[i];
            logs[i] = baseline[i] > 0 && current[i] > 0 ? Math.log(ratios[i]) : Double.NaN;
        }
        if (Arrays.stream(logs).anyMatch(Double::isNaN)) {
            return new PairedRatio(n, mb, mc, Double.NaN, List.of(Double.NaN, Double.NaN), 1, Double.NaN,
                    boxed(ratios));
        }
        double[] walsh = walshAverages(logs);
        double estimate = median(walsh);
        int q = lowerOrderStatistic(n, alpha / 2);
        double lo = walsh[q - 1];
        double hi = walsh[walsh.length - q];
        double p = pValue(logs);
        double z = NORMAL.inverseCumulativeProbability(1 - alpha / 2);
        double seLog = (hi - lo) / (2 * z);
        double mde = Math.expm1((z + NORMAL.inverseCumulativeProbability(power)) * seLog);
        return new PairedRatio(n, mb, mc, Math.exp(estimate), List.of(Math.exp(lo), Math.exp(hi)), p, mde,
                boxed(ratios));
    }

    /** All (x<sub>i</sub> + x<sub>j</sub>) / 2 for i ≤ j, sorted. */
    static double[] walshAverages(double[] x) {
        int n = x.length;
        double[] w = new double[n * (n + 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                w[k++] = (x[i] + x[j]) / 2;
            }
        }
        Arrays.sort(w);
        return w;
    }

    /**
     * The 1-based rank of the sorted Walsh averages that bounds the interval from below: the smallest q with
     * P(W⁺ ≤ q) ≥ α/2 under the null (as R's {@code wilcox.test(conf.int = TRUE)}), at least 1.
     */
    static int lowerOrderStatistic(int n, double halfAlpha) {
        int q;
        if (n <= EXACT_UP_TO) {
            double[] cdf = signedRankCdf(n);
            q = 0;
            while (q < cdf.length && cdf[q] < halfAlpha) {
                q++;
            }
        } else {
            double mean = n * (n + 1) / 4.0;
            double sd = Math.sqrt(n * (n + 1) * (2.0 * n + 1) / 24.0);
            q = (int) Math.floor(mean + NORMAL.inverseCumulativeProbability(halfAlpha) * sd);
        }
        return Math.max(1, q);
    }

    /** P(W⁺ ≤ w) for w = 0 … n(n+1)/2 under the null: every sign pattern of the ranks 1 … n equally likely. */
    static double[] signedRankCdf(int n) {
        int max = n * (n + 1) / 2;
        double[] count = new double[max + 1];
        count[0] = 1;
        for (int r = 1; r <= n; r++) {
            for (int s = max; s >= r; s--) {
                count[s] += count[s - r];
            }
        }
        double total = Math.pow(2, n);
        double[] cdf = new double[max + 1];
        double acc = 0;
        for (int s = 0; s <= max; s++) {
            acc += count[s];
            cdf[s] = acc / total;
        }
        return cdf;
    }

    /** Exact two-sided signed-rank p-value where the magnitudes are distinct and non-zero, else the normal one. */
    static double pValue(double[] d) {
        int n = d.length;
        double[] abs = Arrays.stream(d).map(Math::abs).toArray();
        boolean distinct = Arrays.stream(abs).allMatch(v -> v > 0) && Arrays.stream(abs).distinct().count() == n;
        if (!distinct || n > EXACT_UP_TO) {
            return RankTests.signedRank(d);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(abs[a], abs[b]));
        int wPlus = 0;
        for (int rank = 1; rank <= n; rank++) {
            if (d[order[rank - 1]] > 0) {
                wPlus += rank;
            }
        }
        double[] cdf = signedRankCdf(n);
        int max = n * (n + 1) / 2;
        double lower = cdf[wPlus];
        double upper = wPlus == 0 ? 1 : 1 - cdf[wPlus - 1];
        // W⁺ is symmetric about n(n+1)/4: P(W⁺ ≥ w) = P(W⁺ ≤ max − w)
        assert Math.abs(upper - cdf[max - wPlus]) < 1e-12;
        return Math.min(1, 2 * Math.min(lower, upper));
    }

    private static List<Double> boxed(double[] x) {
        return Arrays.stream(x).boxed().toList();
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
