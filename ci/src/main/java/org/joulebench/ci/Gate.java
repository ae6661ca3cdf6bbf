package org.joulebench.ci;

import java.util.ArrayList;
import java.util.List;

import org.joulebench.harness.Comparison;
import org.joulebench.harness.Metric;
import org.joulebench.harness.RowComparison;

/**
 * The regression gate. A row regresses only when its change is both significant (p below α) and beyond what
 * the policy allows, in the metric's worse direction: up for joules, down for tokens/s and accuracy (up for
 * a task metric where lower is better, such as bits per character). A change that is not significant is
 * {@code no change} when the data could have detected the allowed margin, else {@code inconclusive} with the
 * smallest effect they could have detected.
 */
public final class Gate {

    private Gate() {
    }

    public static GateReport evaluate(Comparison comparison, GatePolicy policy) {
        List<GateRow> rows = new ArrayList<>();
        for (RowComparison c : comparison.rows()) {
            rows.add(judge(c, policy, comparison.settings().alpha()));
        }
        return new GateReport(comparison, policy, rows);
    }

    static GateRow judge(RowComparison c, GatePolicy policy, double alpha) {
        boolean accuracy = c.metric() == Metric.ACCURACY;
        double worse;
        double mde;
        double allowed;
        if (accuracy) {
            boolean higher = c.higherIsBetter() == null || c.higherIsBetter();
            worse = higher ? -c.difference() : c.difference();
            mde = c.mdeAbsolute();
            allowed = policy.minAccuracyDelta();
        } else {
            worse = lowerIsBetter(c.metric()) ? c.ratio() - 1 : 1 - c.ratio();
            mde = c.mdeRelative();
            allowed = policy.maxRegression();
        }
        String p = Figures.p(c.pValue());
        String limit = Figures.change(allowed, accuracy);
        if (Double.isNaN(worse)) {
            return new GateRow(c, Verdict.INCONCLUSIVE, worse, mde, "no ratio: the baseline mean is not positive");
        }
        boolean significant = c.pValue() < alpha;
        String change = worse < 0 ? Figures.change(-worse, accuracy) + " better"
                : Figures.change(worse, accuracy) + " worse";
        if (significant && worse > allowed) {
            return new GateRow(c, Verdict.REGRESSION, worse, mde, change + " (" + p + "), beyond the " + limit + " allowed");
        }
        if (significant && -worse > allowed) {
            return new GateRow(c, Verdict.IMPROVEMENT, worse, mde, change + " (" + p + ")");
        }
        if (significant) {
            return new GateRow(c, Verdict.NO_CHANGE, worse, mde, change + " (" + p + "), within the " + limit + " allowed");
        }
        if (!(mde <= allowed)) {
            return new GateRow(c, Verdict.INCONCLUSIVE, worse, mde, "not significant (" + p + "); the data could detect only "
                    + (Double.isNaN(mde) ? "(no ratio)" : Figures.change(mde, accuracy)) + " or more, not the "
                    + limit + " allowed");
        }
        return new GateRow(c, Verdict.NO_CHANGE, worse, mde, "not significant (" + p + "); the data could detect "
                + Figures.change(mde, accuracy) + " or more");
    }

    /** Joules: lower is better. Tokens per second: higher is better. */
    static boolean lowerIsBetter(Metric metric) {
        return metric == Metric.J_PER_QUERY || metric == Metric.J_PER_TOKEN;
    }
}
