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
 * {@code no change} when the data could have detected the allowed margin and the interval of the ratio stays
 * within it, else {@code inconclusive} with the smallest effect they could have detected (or with the note that
 * the items disagree: the mean moved beyond the margin while the items did not move together).
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
        double worstBound; // the interval's bound on the worse side, in the same terms as worse
        double mde;
        double allowed;
        if (accuracy) {
            boolean higher = c.higherIsBetter() == null || c.higherIsBetter();
            worse = higher ? -c.difference() : c.difference();
            worstBound = higher ? -c.differenceCi95().get(0) : c.differenceCi95().get(1);
            mde = c.mdeAbsolute();
            allowed = policy.minAccuracyDelta();
        } else {
            boolean lower = lowerIsBetter(c.metric());
            worse = lower ? c.ratio() - 1 : 1 - c.ratio();
            worstBound = lower ? c.ratioCi95().get(1) - 1 : 1 - c.ratioCi95().get(0);
            mde = c.mdeRelative();
            allowed = policy.maxRegression();
        }
        String p = Figures.p(c.pValue());
        String limit = Figures.change(allowed, accuracy);
        if (Double.isNaN(worse)) {
            return new GateRow(c, Verdict.INCONCLUSIVE, worse, mde, "inconclusive (no ratio)",
                    "no ratio: the baseline mean is not positive");
        }
        boolean significant = c.pValue() < alpha;
        String change = worse < 0 ? Figures.change(-worse, accuracy) + " better"
                : Figures.change(worse, accuracy) + " worse";
        if (significant && worse > allowed) {
            return row(c, Verdict.REGRESSION, worse, mde, change + " (" + p + "), beyond the " + limit + " allowed");
        }
        if (significant && -worse > allowed) {
            return row(c, Verdict.IMPROVEMENT, worse, mde, change + " (" + p + ")");
        }
        if (significant) {
            return row(c, Verdict.NO_CHANGE, worse, mde, change + " (" + p + "), within the " + limit + " allowed");
        }
        if (!(mde <= allowed)) {
            return new GateRow(c, Verdict.INCONCLUSIVE, worse, mde,
                    "inconclusive (detects ≥ " + Figures.change(mde, accuracy) + ")",
                    "not significant (" + p + "); the data could detect only "
                            + (Double.isNaN(mde) ? "(no ratio)" : Figures.change(mde, accuracy)) + " or more, not the "
                            + limit + " allowed");
        }
        if (!(worstBound <= allowed)) {
            // The mean moved beyond the allowance, but the items do not move together (some up, some down):
            // the rank test and the interval of the means disagree, so neither verdict can be given.
            return new GateRow(c, Verdict.INCONCLUSIVE, worse, mde, "inconclusive (items disagree)",
                    "the mean is " + change + " (95 % CI up to " + Figures.change(worstBound, accuracy)
                            + " worse), but the items do not shift together (" + p + ")");
        }
        return row(c, Verdict.NO_CHANGE, worse, mde, "not significant (" + p + "); the data could detect "
                + Figures.change(mde, accuracy) + " or more");
    }

    private static GateRow row(RowComparison c, Verdict verdict, double worse, double mde, String reason) {
        return new GateRow(c, verdict, worse, mde, verdict.label(), reason);
    }

    /** Joules: lower is better. Tokens per second: higher is better. */
    static boolean lowerIsBetter(Metric metric) {
        return metric == Metric.J_PER_QUERY || metric == Metric.J_PER_TOKEN;
    }
}
