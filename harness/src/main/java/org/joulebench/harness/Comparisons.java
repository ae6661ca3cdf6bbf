package org.joulebench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Compares two runs row by row (task × model × backend, and × concurrency level for the serving scenario) and metric
 * by metric, from their per-query records (a serving level's energy and speed from its steady-state windows).
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
 *
 * <p>When both runs had at least {@value #MIN_FORKS} forks ({@code run --forks}), the unit of evidence for energy
 * and speed is the fork instead ({@link ForkComparison}): the spread between processes, which items within one
 * process cannot show, then enters the test.
 */
public final class Comparisons {

    /**
     * The fewest forks on each side for the fork to be the unit of evidence: below it, two runs' forks are too few
     * for a between-process spread, and items stay the unit.
     */
    public static final int MIN_FORKS = 3;

    private Comparisons() {
    }

    /** Each fork's figure of a row: the mean over items of the metric's per-item values in that fork. */
    private static double[] forkValues(RunResult run, List<QueryRecord> row, Metric metric) {
        Map<Integer, List<QueryRecord>> byFork = new java.util.TreeMap<>();
        row.forEach(q -> byFork.computeIfAbsent(ForkMerge.forkOf(run, q), f -> new ArrayList<>()).add(q));
        return byFork.values().stream().map(qs -> ItemValues.of(qs, metric))
                .filter(v -> !v.isEmpty())
                .mapToDouble(v -> v.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))
                .toArray();
    }

    /** Compares every row present on both sides, for every metric of {@code settings}. */
    public static Comparison compare(RunResult baseline, RunResult current, ComparisonSettings settings) {
        Map<String, List<QueryRecord>> b = byRow(baseline.queries());
        Map<String, List<QueryRecord>> c = byRow(current.queries());
        List<RowComparison> rows = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(b.keySet());
        keys.addAll(c.keySet());
        double k = k(settings);
        for (String key : keys) {
            if (!b.containsKey(key) || !c.containsKey(key)) {
                unmatched.add(name(key) + ": only in the " + (b.containsKey(key) ? "baseline" : "current") + " run");
                continue;
            }
            QueryRecord first = b.get(key).get(0);
            if (first.concurrency() != null) {
                compareLevel(first, baseline, b.get(key), first, current, c.get(key), settings, k, name(key), rows,
                        unmatched);
                continue;
            }
            boolean byForks = ForkMerge.forks(baseline) >= MIN_FORKS && ForkMerge.forks(current) >= MIN_FORKS;
            for (Metric metric : settings.metrics()) {
                RowComparison row = byForks && metric != Metric.ACCURACY
                        ? ForkComparison.compare(first, forkValues(baseline, b.get(key), metric),
                                forkValues(current, c.get(key), metric), metric, settings, k)
                        : compare(first, b.get(key), c.get(key), metric, settings,
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

    /**
     * Compares two rows of one run, task by task: {@code baseline} and {@code current} name a model, with its
     * backend or engine where the model ran on several ({@code ID} or {@code ID@BACKEND}). Both rows ran the same
     * items in the same blocks, back to back (see the run's pass schedule): energy and speed are compared block
     * pair by block pair ({@link #compareBlocks}), so drift between the blocks does not enter it; accuracy, which
     * drift does not move, item by item. Folders written before blocks were recorded compare item by item. Each compared row is named {@code task × BASELINE →
     * CURRENT}.
     *
     * @throws IllegalArgumentException when a name matches no row, or a model that ran on several backends
     */
    public static Comparison compareRows(RunResult run, String baseline, String current, ComparisonSettings settings) {
        Map<String, List<QueryRecord>> b = byTask(select(run, baseline));
        Map<String, List<QueryRecord>> c = byTask(select(run, current));
        QueryRecord bFirst = b.values().iterator().next().get(0);
        QueryRecord cFirst = c.values().iterator().next().get(0);
        if (bFirst.model().equals(cFirst.model()) && bFirst.backend().equals(cFirst.backend())) {
            throw new IllegalArgumentException("--baseline and --current name the same row (" + bFirst.model() + "@"
                    + bFirst.backend() + ")");
        }
        boolean sameBackend = bFirst.backend().equals(cFirst.backend());
        String label = sameBackend ? bFirst.model() + " → " + cFirst.model()
                : bFirst.model() + "@" + bFirst.backend() + " → " + cFirst.model() + "@" + cFirst.backend();
        List<RowComparison> rows = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        double k = k(settings);
        Set<String> tasks = new LinkedHashSet<>(b.keySet());
        tasks.addAll(c.keySet());
        for (String task : tasks) {
            if (!b.containsKey(task) || !c.containsKey(task)) {
                unmatched.add(task.replace("\u0000", " × concurrency ") + ": only "
                        + (b.containsKey(task) ? baseline : current) + " ran it");
                continue;
            }
            QueryRecord first = b.get(task).get(0);
            QueryRecord named = new QueryRecord(task.split("\u0000")[0], label, sameBackend ? first.backend()
                    : first.backend() + " → " + cFirst.backend(), 0, "", 0, 0, 0, 0, 0, null);
            if (first.concurrency() != null) {
                QueryRecord level = new QueryRecord(named.task(), named.model(), named.backend(), 0, "", 0, 0, 0, 0, 0,
                        null, null, 0, first.concurrency());
                compareLevel(level, run, b.get(task), first, run, c.get(task), settings, k,
                        named.task() + " × " + label + " × concurrency " + first.concurrency(), rows, unmatched);
                continue;
            }
            boolean byBlocks = hasBlocks(b.get(task)) && hasBlocks(c.get(task));
            for (Metric metric : settings.metrics()) {
                RowComparison row = byBlocks && metric != Metric.ACCURACY
                        ? compareBlocks(named, b.get(task), c.get(task), metric, settings)
                        : compare(named, b.get(task), c.get(task), metric, settings,
                        higherIsBetter(run, first, metric), k);
                if (row == null) {
                    unmatched.add(task + " × " + label + ": no usable " + metric.id() + " values on one side");
                } else {
                    rows.add(row);
                }
            }
        }
        return new Comparison(rows, unmatched, settings);
    }

    private static boolean hasBlocks(List<QueryRecord> records) {
        return records.stream().allMatch(q -> q.block() > 0);
    }

    /**
     * Two rows of one run with the block pair as the unit of evidence: in each repetition's block both rows ran the
     * same items back to back, so whatever the machine did meanwhile falls on both; the block's figure is the
     * metric over its queries, and the pairs' ratios go to {@link PairedRatio} (Hodges-Lehmann, Wilcoxon), as
     * {@code ab}'s rounds do. Items are not the unit here: the items of one block share its conditions (a burst of
     * other load slows all of them), so counting them as independent makes the interval too narrow.
     */
    private static RowComparison compareBlocks(QueryRecord id, List<QueryRecord> baseline, List<QueryRecord> current,
                                               Metric metric, ComparisonSettings settings) {
        Map<String, Double> bv = ItemValues.byBlock(baseline, metric);
        Map<String, Double> cv = ItemValues.byBlock(current, metric);
        List<String> shared = bv.keySet().stream().filter(cv::containsKey).toList();
        if (shared.isEmpty()) {
            return null;
        }
        double[] x = shared.stream().mapToDouble(bv::get).toArray();
        double[] y = shared.stream().mapToDouble(cv::get).toArray();
        PairedRatio r = PairedRatio.of(x, y, settings.alpha(), settings.power());
        double mb = mean(ItemValues.of(baseline, metric).values().stream().mapToDouble(Double::doubleValue).toArray());
        double mc = mean(ItemValues.of(current, metric).values().stream().mapToDouble(Double::doubleValue).toArray());
        String note = "the unit is the block pair (" + shared.size() + "): both rows ran each block's items back to "
                + "back";
        if (shared.size() < MIN_BLOCK_PAIRS) {
            note += "; fewer than " + MIN_BLOCK_PAIRS + " pairs can never be significant: run more --repetitions or a"
                    + " larger --limit";
        }
        note = withBelowIdle(note, metric, baseline, current);
        return new RowComparison(id.task(), id.model(), id.backend(), metric, "paired by block",
                "Wilcoxon signed-rank over block pairs", shared.size(), shared.size(), mb, mc, r.ratio(),
                r.ratioCi95(), mc - mb, List.of(mb * (r.ratioCi95().get(0) - 1), mb * (r.ratioCi95().get(1) - 1)),
                r.pValue(), r.mdeRelative(), mb * r.mdeRelative(), null, note);
    }

    /**
     * Adds to a joule row's note how many queries of each side measured below the idle baseline (net joules under
     * 0: noise around idle, legal, but a sign that the net figure is small against the noise).
     */
    private static String withBelowIdle(String note, Metric metric, List<QueryRecord> baseline,
                                        List<QueryRecord> current) {
        if (metric != Metric.J_PER_QUERY && metric != Metric.J_PER_TOKEN) {
            return note;
        }
        long b = baseline.stream().filter(q -> q.joulesNet() < 0).count();
        long c = current.stream().filter(q -> q.joulesNet() < 0).count();
        if (b == 0 && c == 0) {
            return note;
        }
        String below = String.format(java.util.Locale.ROOT, "queries below idle (net < 0): %d of %d baseline, %d of %d"
                + " current", b, baseline.size(), c, current.size());
        return note == null ? below : note + "; " + below;
    }

    /** Below this many block pairs the exact signed-rank test cannot reach p < 0.05. */
    static final int MIN_BLOCK_PAIRS = 6;

    /** The queries of the row named {@code ID} or {@code ID@BACKEND}. */
    private static List<QueryRecord> select(RunResult run, String name) {
        int at = name.lastIndexOf('@');
        String model = at < 0 ? name : name.substring(0, at);
        String backend = at < 0 ? null : name.substring(at + 1);
        List<QueryRecord> out = run.queries().stream()
                .filter(q -> q.model().equals(model) && (backend == null || q.backend().equals(backend))).toList();
        if (out.isEmpty()) {
            Set<String> rows = new java.util.TreeSet<>();
            run.queries().forEach(q -> rows.add(q.model() + "@" + q.backend()));
            throw new IllegalArgumentException("no row '" + name + "' in this run; its rows: " + String.join(", ", rows));
        }
        Set<String> backends = new java.util.TreeSet<>();
        out.forEach(q -> backends.add(q.backend()));
        if (backends.size() > 1) {
            throw new IllegalArgumentException("model " + model + " ran on " + String.join(" and ", backends)
                    + ": name one, e.g. " + model + "@" + backends.iterator().next());
        }
        return out;
    }

    /** By task, and by concurrency level within a task of the serving scenario. */
    private static Map<String, List<QueryRecord>> byTask(List<QueryRecord> records) {
        Map<String, List<QueryRecord>> out = new LinkedHashMap<>();
        records.forEach(q -> out.computeIfAbsent(q.concurrency() == null ? q.task()
                : q.task() + "\u0000" + q.concurrency(), t -> new ArrayList<>()).add(q));
        return out;
    }

    /**
     * One concurrency level of the serving scenario on both sides. Its responses share their windows' energy (N at
     * once), so neither they nor their items are independent figures: energy and speed rest on the level's
     * steady-state windows (one per repetition), two independent samples, Welch's t as for forks; accuracy, which
     * each response has of its own, on the items as everywhere. A side with fewer than two windows cannot be
     * compared for energy and speed, and says so.
     *
     * @param id   names the row (task, model, backend) in the comparison; its concurrency is the level
     * @param bRow a record of the baseline's row, to find its result entry; {@code cRow} likewise
     */
    private static void compareLevel(QueryRecord id, RunResult baseline, List<QueryRecord> bq, QueryRecord bRow,
                                     RunResult current, List<QueryRecord> cq, ComparisonSettings settings, double k,
                                     String name, List<RowComparison> rows, List<String> unmatched) {
        QueryRecord cRow = cq.get(0);
        QueryRecord shown = new QueryRecord(id.task(), id.model(), id.backend() + " · concurrency " + id.concurrency(),
                0, "", 0, 0, 0, 0, 0, null);
        List<String> tooFew = new ArrayList<>();
        String counts = "";
        for (Metric metric : settings.metrics()) {
            RowComparison row;
            if (metric == Metric.ACCURACY) {
                row = compare(shown, bq, cq, metric, settings, higherIsBetter(baseline, bRow, metric), k);
            } else {
                double[] x = windowValues(baseline, bRow, metric);
                double[] y = windowValues(current, cRow, metric);
                if (x.length < 2 || y.length < 2) {
                    tooFew.add(metric.id());
                    counts = x.length + " and " + y.length;
                    continue;
                }
                row = ForkComparison.compare(shown, x, y, metric, settings, k, "windows",
                        "steady-state window figures", "the unit is the steady-state window (" + x.length + " and "
                                + y.length + " windows): the responses of a window share its energy, so they are not"
                                + " independent");
            }
            if (row == null) {
                unmatched.add(name + ": no usable " + metric.id() + " values on one side");
            } else {
                rows.add(row);
            }
        }
        if (!tooFew.isEmpty()) {
            unmatched.add(name + ": " + String.join(", ", tooFew) + " not compared: a serving level's energy and speed"
                    + " rest on its steady-state windows, one per repetition, and a side has fewer than two (" + counts
                    + (counts.equals("0 and 0") ? ", or a results.json written before windows were kept" : "")
                    + "); run both with --repetitions 3 or more");
        }
    }

    /**
     * A serving level's figure of {@code metric} per steady-state window: J/response, J/output token or output
     * tokens/s; none where the run kept no windows (results written before they were).
     */
    static double[] windowValues(RunResult run, QueryRecord row, Metric metric) {
        return run.results().stream()
                .filter(t -> t.serving() != null && t.task().equals(row.task()) && t.model().equals(row.model())
                        && t.backend().equals(row.backend()) && java.util.Objects.equals(t.concurrency(),
                        row.concurrency()))
                .findFirst()
                .map(t -> t.serving().steadyWindows().stream().mapToDouble(metric::perWindow).toArray())
                .orElse(new double[0]);
    }

    /** z<sub>1−α/2</sub> + z<sub>power</sub>: the minimum detectable effect in standard errors. */
    private static double k(ComparisonSettings settings) {
        NormalDistribution normal = new NormalDistribution();
        return normal.inverseCumulativeProbability(1 - settings.alpha() / 2)
                + normal.inverseCumulativeProbability(settings.power());
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
        note = withBelowIdle(note, metric, baseline, current);
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
            out.computeIfAbsent(q.task() + "\u0000" + q.model() + "\u0000" + q.backend()
                    + (q.concurrency() == null ? "" : "\u0000concurrency " + q.concurrency()), k -> new ArrayList<>())
                    .add(q);
        }
        return out;
    }

    private static String name(String key) {
        return key.replace("\u0000", " × ");
    }
}
