package org.joulebench.ci;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An A/B comparison of two commands, as measured (possibly cut short) and judged.
 *
 * @param commandA   the baseline command
 * @param commandB   the candidate command
 * @param settings   how it ran
 * @param meters     the meters read, with the idle power subtracted where measured
 * @param rounds     how many rounds were completed and count in the figures
 * @param runs       every measured run, in the order they ran (warm-up runs excluded)
 * @param rows       the figures and verdicts, one per metric; empty where too few rounds were completed
 * @param stopReason why the comparison ended where it did
 * @param partial    true when it was interrupted before it finished
 * @param warnings   what a reader must know (identical commands, too few rounds for a verdict)
 */
@JsonPropertyOrder({"schema"})
public record AbReport(String commandA, String commandB, AbSettings settings, List<AbMeter> meters, int rounds,
                       List<RunRecord> runs, List<AbRow> rows, String stopReason, boolean partial,
                       List<String> warnings) {

    public static final String SCHEMA = "joulebench/ab@1";

    public AbReport {
        meters = List.copyOf(meters);
        runs = List.copyOf(runs);
        rows = List.copyOf(rows);
        warnings = List.copyOf(warnings);
    }

    /** The document's schema, for readers of the JSON. */
    @JsonProperty("schema")
    public String schema() {
        return SCHEMA;
    }

    /** The judged rows that regressed. */
    public List<AbRow> regressions() {
        return rows.stream().filter(r -> r.verdict() == Verdict.REGRESSION).toList();
    }

    /** True when no judged row regressed. */
    public boolean passed() {
        return regressions().isEmpty();
    }
}
