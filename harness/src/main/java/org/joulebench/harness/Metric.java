package org.joulebench.harness;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The one definition of each figure that Joulebench compares ({@code compare}, {@code ab}'s gate) and keeps over
 * time (the results history): its id, its unit, which way is better, how it is formed per item from the per-query
 * records, and where it stands in a run's aggregate result. Energy figures are net of the idle baseline.
 *
 * <p>Names: the ids ({@code j_per_query}, {@code j_per_token}, {@code j_per_generated_token}, {@code tokens_per_s},
 * {@code accuracy}) are canonical; {@link #byId} also accepts them in any case and with {@code -} for {@code _}
 * ({@code j-per-query}), the one documented alias, in every command that takes a metric.
 */
public enum Metric {
    /** Net joules per query: the mean of the item's net joules over its repetitions. */
    J_PER_QUERY("j_per_query", "J/query", "net J per query", "J", Direction.LOWER_IS_BETTER,
            new PerQuery(q -> Double.isFinite(q.joulesNet()), QueryRecord::joulesNet, q -> 1),
            r -> Figure.of(r.energy() == null ? null : r.energy().jPerQuery()),
            TaskModelResult.SteadyWindow::jPerResponse, "net J per response (steady state)", "J/response"),
    /** Net joules per input token: the item's net joules over its tokens, over its repetitions. */
    J_PER_TOKEN("j_per_token", "J/token", "net J per input token", "J", Direction.LOWER_IS_BETTER,
            new PerQuery(q -> Double.isFinite(q.joulesNet()) && q.tokens() > 0, QueryRecord::joulesNet,
                    QueryRecord::tokens),
            r -> Figure.of(r.energy() == null ? null : r.energy().jPerToken()),
            TaskModelResult.SteadyWindow::jPerOutputToken, "net J per output token (steady state)", "J/output token"),
    /**
     * Net decode joules per generated token (generative tasks). Kept per result only (a query's decode is not
     * metered apart in queries.csv), so it has no per-item value and two runs' figures cannot be paired by item.
     */
    J_PER_GENERATED_TOKEN("j_per_generated_token", "J/generated token", "net J per generated token", "J",
            Direction.LOWER_IS_BETTER, null,
            r -> Figure.of(r.generation() == null ? null : r.generation().jPerGeneratedToken()),
            null, "net J per generated token (not recorded by the serving scenario)", "J"),
    /** Input tokens per second: the item's tokens over its latency, over its repetitions. */
    TOKENS_PER_S("tokens_per_s", "tokens/s", "tokens per second", "tokens/s", Direction.HIGHER_IS_BETTER,
            new PerQuery(q -> q.latencyMs() > 0 && q.tokens() > 0, QueryRecord::tokens, q -> q.latencyMs() / 1000),
            r -> Figure.of(r.throughput() == null ? null : r.throughput().tokensPerS()),
            TaskModelResult.SteadyWindow::outputTokensPerS, "output tokens per second (steady state)",
            "output tokens/s"),
    /** The task's primary metric for the item (accuracy@1, accuracy, bits per character), over its repetitions. */
    ACCURACY("accuracy", "accuracy", "task metric", "", Direction.THE_TASKS,
            new PerQuery(q -> Double.isFinite(q.score()), QueryRecord::score, q -> 1), Figure::ofAccuracy, null,
            "task metric", "");

    /** Which way a figure is better. */
    public enum Direction {
        LOWER_IS_BETTER,
        HIGHER_IS_BETTER,
        /** As the task says (accuracy: higher; bits per character: lower); see {@link TaskModelResult.Accuracy}. */
        THE_TASKS
    }

    /** A figure of a run's aggregate result with its 95% interval; null parts where the run did not record them. */
    public record Figure(Double value, Double lo, Double hi) {
        public static final Figure NONE = new Figure(null, null, null);

        static Figure of(Stat s) {
            return s == null ? NONE : new Figure(finite(s.mean()), finite(s.lo()), finite(s.hi()));
        }

        static Figure ofAccuracy(TaskModelResult r) {
            TaskModelResult.Accuracy a = r.accuracy();
            return a == null ? NONE : new Figure(finite(a.value()), bound(a.ci95(), 0), bound(a.ci95(), 1));
        }
    }

    /** How a metric is formed from queries: sum of {@code amount} over sum of {@code weight}, usable queries only. */
    private record PerQuery(java.util.function.Predicate<QueryRecord> usable, ToDoubleFunction<QueryRecord> amount,
                            ToDoubleFunction<QueryRecord> weight) {
    }

    private final String id;
    private final String label;
    private final String description;
    private final String unit;
    private final Direction direction;
    private final PerQuery perQuery;
    private final Function<TaskModelResult, Figure> aggregate;
    private final ToDoubleFunction<TaskModelResult.SteadyWindow> perWindow;
    private final String servingDescription;
    private final String servingUnit;

    Metric(String id, String label, String description, String unit, Direction direction, PerQuery perQuery,
           Function<TaskModelResult, Figure> aggregate, ToDoubleFunction<TaskModelResult.SteadyWindow> perWindow,
           String servingDescription, String servingUnit) {
        this.id = id;
        this.label = label;
        this.description = description;
        this.unit = unit;
        this.direction = direction;
        this.perQuery = perQuery;
        this.aggregate = aggregate;
        this.perWindow = perWindow;
        this.servingDescription = servingDescription;
        this.servingUnit = servingUnit;
    }

    /** The name on the command line, in reports and as the history's column prefix, e.g. {@code j_per_query}. */
    public String id() {
        return id;
    }

    /** The short name people read beside a figure, e.g. {@code J/query}. */
    public String label() {
        return label;
    }

    /** Words for a chart axis or a table header, e.g. {@code net J per query}. */
    public String description() {
        return description;
    }

    /** The unit of the figure; empty for the task metric, whose scale is the task's. */
    public String unit() {
        return unit;
    }

    public Direction direction() {
        return direction;
    }

    /** Words for the figure at a serving level, e.g. {@code net J per output token (steady state)}. */
    public String servingDescription() {
        return servingDescription;
    }

    /** The unit of the figure at a serving level, e.g. {@code J/output token}; empty for the task metric. */
    public String servingUnit() {
        return servingUnit;
    }

    /** Whether the figure can be formed per item from queries.csv, so that two runs can be compared item by item. */
    public boolean perItem() {
        return perQuery != null;
    }

    /**
     * The figure over one item's (or block's) queries: the sum of each usable query's amount over the sum of its
     * weights; NaN where no query is usable.
     */
    double perItem(List<QueryRecord> queries) {
        if (perQuery == null) {
            throw new IllegalStateException(id + " has no per-item value");
        }
        double sum = 0;
        double weight = 0;
        for (QueryRecord q : queries) {
            if (perQuery.usable().test(q)) {
                sum += perQuery.amount().applyAsDouble(q);
                weight += perQuery.weight().applyAsDouble(q);
            }
        }
        return weight == 0 ? Double.NaN : sum / weight;
    }

    /** The figure of one serving steady-state window (not for the task metric, which rests on items). */
    double perWindow(TaskModelResult.SteadyWindow window) {
        if (perWindow == null) {
            throw new IllegalArgumentException(id + " rests on items, not on steady-state windows");
        }
        return perWindow.applyAsDouble(window);
    }

    /** The figure as the run's aggregate result holds it, with its interval; {@link Figure#NONE} where absent. */
    public Figure aggregate(TaskModelResult r) {
        return aggregate.apply(r);
    }

    /** The metric called {@code id}: its id in any case, with {@code -} or {@code _} between words. */
    public static Metric byId(String id) throws InputException {
        String want = id.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Metric m : values()) {
            if (m.id.equals(want)) {
                return m;
            }
        }
        throw new InputException("unknown metric '" + id + "'", "use one of " + String.join(", ", ids()));
    }

    /** Every metric's id, in order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Metric::id).toList();
    }

    /** The metrics that can be compared item by item, in order. */
    public static List<Metric> perItemMetrics() {
        return Arrays.stream(values()).filter(Metric::perItem).toList();
    }

    /** The ids of {@link #perItemMetrics()}, comma-separated, for messages and help. */
    public static String perItemIds() {
        return perItemMetrics().stream().map(Metric::id).collect(Collectors.joining(", "));
    }

    private static Double bound(List<Double> ci, int i) {
        return ci == null || ci.size() != 2 || ci.get(i) == null ? null : finite(ci.get(i));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
