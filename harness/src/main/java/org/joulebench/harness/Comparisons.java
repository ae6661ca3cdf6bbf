package org.joulebench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Compares two runs row by row (task × model × backend) and metric by metric, from their per-query records.
 *
 * <p>The independent unit is the <em>item</em>: an item's repetitions are folded into one value
 * ({@link ItemValues}). When both sides ran the same items, each item is compared with itself (paired:
 * Wilcoxon signed-rank test on the per-item differences), which takes the spread between items (short and long
 * inputs) out of the comparison; otherwise the two sides are independent samples (Mann-Whitney U test). Rank
 * tests because per-query energy is skewed and has outliers (an interrupt, a frequency change), which a
 * t-test's mean and variance are not robust to.
 *
 * <p>The interval of current/baseline (ratio of the means over items) is a percentile bootstrap over items,
 * seeded, so the same inputs give the same figures. The minimum detectable effect is
 * (z<sub>1−α/2</sub> + z<sub>power</sub>) × the bootstrap standard error, on the log ratio for the relative
 * figure and on the difference for the absolute one.
 */
public final class Comparisons {

    private Comparisons() {
    }

    /** Compares every row present on both sides, for every metric of {@code settings}. */
    public static Comparison compare(RunResult baseline, RunResult current, ComparisonSettings settings) {
        Map<String, List<QueryRecord>> b = byRow(baseline.queries());
        Map<String, List<QueryRecord>> c = byRow(current.queries());
        List<RowComparison> rows = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(b.keySet());
        keys.addAll(c.keySet());
        NormalDistribution normal = new NormalDistribution();
        double k = normal.inverseCumulativeProbability(1 - settings.alpha() / 2)
                + normal.inverseCumulativeProbability(settings.power());
        for (String key : keys) {
            if (!b.containsKey(key) || !c.containsKey(key)) {
                unmatched.add(name(key) + ": only in the " + (b.containsKey(key) ? "baseline" : "current") + " run");
                continue;
            }
            QueryRecord first = b.get(key).get(0);
            for (Metric metric : settings.metrics()) {
                RowComparison row = compare(first, b.get(key), c.get(key), metric, settings,
                        higherIsBetter(baseline, first, metric), k);
                if (row == null) {
                    unmatched.add(name(key) + ": no usable " + metric.id() + " values on one side");
                } else {
                    rows.add(row);
                }
            }
        }
        return new Comparison(rows, unmatched, settings);
    }

    private static RowComparison compare(QueryRecord id, List<QueryRecord> baseline, List<QueryRecord> current,
                                         Metric metric, ComparisonSettings settings, Boolean higherIsBetter, double k) {
        Map<String, Double> bv = ItemValues.of(baseline, metric);
        Map<String, Double> cv = ItemValues.of(current, metric);
        if (bv.isEmpty() || cv.isEmpty()) {
            return null;
        }
        boolean paired = bv.keySet().equals(cv.keySet());
        double[] x = bv.values().stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = paired ? bv.keySet().stream().mapToDouble(cv::get).toArray()
                : cv.values().stream().mapToDouble(Double::doubleValue).toArray();
        long seed = settings.seed() * 31 + (id.task() + "\u0000" + id.model() + "\u0000" + id.backend() + "\u0000"
                + metric.id()).hashCode();
        double p;
        Bootstrap.Result boot;
        String note = null;
        if (paired) {
            double[] d = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                d[i] = y[i] - x[i];
            }
            p = RankTests.signedRank(d);
            boot = Bootstrap.paired(x, y, settings.resamples(), seed);
        } else {
            p = RankTests.mannWhitney(x, y);
            boot = Bootstrap.unpaired(x, y, settings.resamples(), seed);
            long shared = bv.keySet().stream().filter(cv::containsKey).count();
            note = "the sides ran different items (" + x.length + " and " + y.length + ", " + shared
                    + " shared): compared as independent samples";
        }
        double mb = mean(x);
        double mc = mean(y);
        double ratio = mb > 0 ? mc / mb : Double.NaN;
        double mdeRel = Double.isNaN(boot.seLogRatio()) ? Double.NaN : Math.expm1(k * boot.seLogRatio());
        return new RowComparison(id.task(), id.model(), id.backend(), metric, paired ? "paired" : "unpaired",
                paired ? "Wilcoxon signed-rank" : "Mann-Whitney U", x.length, y.length, mb, mc, ratio,
                List.of(boot.ratioCi95()[0], boot.ratioCi95()[1]), mc - mb,
                List.of(boot.differenceCi95()[0], boot.differenceCi95()[1]), p, mdeRel, k * boot.seDifference(),
                higherIsBetter, note);
    }

    private static Boolean higherIsBetter(RunResult r, QueryRecord id, Metric metric) {
        if (metric != Metric.ACCURACY) {
            return null;
        }
        return r.results().stream()
                .filter(t -> t.task().equals(id.task()) && t.model().equals(id.model())
                        && t.backend().equals(id.backend()) && t.accuracy() != null)
                .map(t -> t.accuracy().higherIsBetter() == null ? Boolean.TRUE : t.accuracy().higherIsBetter())
                .findFirst().orElse(Boolean.TRUE);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static Map<String, List<QueryRecord>> byRow(List<QueryRecord> records) {
        Map<String, List<QueryRecord>> out = new LinkedHashMap<>();
        for (QueryRecord q : records) {
            out.computeIfAbsent(q.task() + "\u0000" + q.model() + "\u0000" + q.backend(), k -> new ArrayList<>()).add(q);
        }
        return out;
    }

    private static String name(String key) {
        return key.replace("\u0000", " × ");
    }
}
