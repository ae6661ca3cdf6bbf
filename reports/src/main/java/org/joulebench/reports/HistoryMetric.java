package org.joulebench.reports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A figure the results history keeps per task × model × backend and per run, with its 95% interval.
 * Energy figures are net of the idle baseline, as in the run's own report.
 */
public enum HistoryMetric {
    /** Net joules per query (energy.j_per_query). */
    J_PER_QUERY("j_per_query", "net J per query", "J"),
    /** Net joules per input token (energy.j_per_token). */
    J_PER_TOKEN("j_per_token", "net J per input token", "J"),
    /** Net decode joules per generated token (generation.j_per_generated_token); generative tasks only. */
    J_PER_GENERATED_TOKEN("j_per_generated_token", "net J per generated token", "J"),
    /** Input tokens per second (throughput.tokens_per_s). */
    TOKENS_PER_S("tokens_per_s", "tokens per second", "tokens/s"),
    /** The task's primary metric (accuracy.value); its name is kept beside it. */
    ACCURACY("accuracy", "task metric", "");

    private final String id;
    private final String label;
    private final String unit;

    HistoryMetric(String id, String label, String unit) {
        this.id = id;
        this.label = label;
        this.unit = unit;
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
