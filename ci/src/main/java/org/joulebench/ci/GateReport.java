package org.joulebench.ci;

import java.util.List;

import org.joulebench.harness.Comparison;

/** The gate's verdicts over a comparison. */
public record GateReport(Comparison comparison, GatePolicy policy, List<GateRow> rows) {

    public GateReport {
        rows = List.copyOf(rows);
    }

    /** The rows that regressed, in order. */
    public List<GateRow> regressions() {
        return rows.stream().filter(r -> r.verdict() == Verdict.REGRESSION).toList();
    }

    /** True when no row regressed. */
    public boolean passed() {
        return regressions().isEmpty();
    }
}
