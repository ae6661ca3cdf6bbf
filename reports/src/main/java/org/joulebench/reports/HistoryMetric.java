package org.joulebench.reports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A figure the results history keeps per task × model × backend (× serving concurrency level) and per run, with
 * its 95% interval. Energy figures are net of the idle baseline, as in the run's own report. A serving level's
 * figures are those of its steady-state window (docs/serving.md): the same columns, another meaning, which
 * {@link #servingLabel()} and {@link #servingUnit()} name.
 */
public enum HistoryMetric {
    /** Net joules per query (energy.j_per_query); at a serving level, per response. */
    J_PER_QUERY("j_per_query", "net J per query", "J", "net J per response (steady state)", "J/response"),
    /** Net joules per input token (energy.j_per_token); at a serving level, the steady-state J per output token. */
    J_PER_TOKEN("j_per_token", "net J per input token", "J", "net J per output token (steady state)",
            "J/output token"),
    /** Net decode joules per generated token (generation.j_per_generated_token); generative tasks only. */
    J_PER_GENERATED_TOKEN("j_per_generated_token", "net J per generated token", "J",
            "net J per generated token (not recorded by the serving scenario)", "J"),
    /** Input tokens per second (throughput.tokens_per_s); at a serving level, steady-state output tokens/s. */
    TOKENS_PER_S("tokens_per_s", "tokens per second", "tokens/s", "output tokens per second (steady state)",
            "output tokens/s"),
    /** The task's primary metric (accuracy.value); its name is kept beside it. */
    ACCURACY("accuracy", "task metric", "", "task metric", "");

    private final String id;
    private final String label;
    private final String unit;
    private final String servingLabel;
    private final String servingUnit;

    HistoryMetric(String id, String label, String unit, String servingLabel, String servingUnit) {
        this.id = id;
        this.label = label;
        this.unit = unit;
        this.servingLabel = servingLabel;
        this.servingUnit = servingUnit;
    }

    /** Words for the figure at a serving level, e.g. {@code net J per output token (steady state)}. */
    public String servingLabel() {
        return servingLabel;
    }

    /** The unit of the figure at a serving level, e.g. {@code J/output token}; empty for the task metric. */
    public String servingUnit() {
        return servingUnit;
    }

    /** The name on the command line and the history's column prefix, e.g. {@code j_per_query}. */
    public String id() {
        return id;
    }

    /** Words for a chart axis or a table header. */
    public String label() {
        return label;
    }

    /** The unit of the figure; empty for the task metric, whose scale is the task's. */
    public String unit() {
        return unit;
    }

    /** The metric called {@code id} (case and {@code -}/{@code _} ignored). */
    public static Optional<HistoryMetric> byId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(m -> m.id.equals(wanted)).findFirst();
    }

    /** The ids of every metric, comma-separated, for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(HistoryMetric::id).collect(Collectors.joining(", "));
    }
}
