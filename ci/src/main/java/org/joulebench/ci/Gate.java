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

    /**
     * Judges every row of the comparison. The rows are one family of tests: with k rows each tested at α, some row
     * of an unchanged build would be called a regression far more often than α (about 1 − (1 − α)<sup>k</sup>), so
     * the p-values are adjusted by Holm's step-down method, which keeps the chance of any false verdict in the whole
     * comparison at α whatever the rows' dependence. A row's reason gives both p-values.
     */
    public static GateReport evaluate(Comparison comparison, GatePolicy policy) {
        List<RowComparison> cs = comparison.rows();
        double[] adjusted = holm(cs.stream().mapToDouble(RowComparison::pValue).toArray());
        List<GateRow> rows = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            GateRow r = judge(cs.get(i), policy, comparison.settings().alpha(), adjusted[i]);
            String shown = Figures.p(adjusted[i]);
            String alone = Figures.p(cs.get(i).pValue());
            if (!shown.equals(alone)) {
                r = new GateRow(r.comparison(), r.verdict(), r.change(), r.detectable(), r.summary(),
                        r.reason().replace("(" + shown + ")", "(" + shown + " after Holm over " + cs.size()
                                + " tests, " + alone + " alone)"));
            }
            rows.add(r);
        }
        return new GateReport(comparison, policy, rows);
    }

    /** Holm's step-down adjusted p-values (not finite p counts as 1), in the input's order. */
    static double[] holm(double[] p) {
        int n = p.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] clean = java.util.Arrays.stream(p).map(v -> Double.isFinite(v) ? v : 1).toArray();
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> clean[i]));
        double[] out = new double[n];
        double running = 0;
        for (int k = 0; k < n; k++) {
            running = Math.max(running, Math.min(1, (n - k) * clean[order[k]]));
            out[order[k]] = running;
        }
        return out;
    }

    static GateRow judge(RowComparison c, GatePolicy policy, double alpha) {
        return judge(c, policy, alpha, c.pValue());
    }

    static GateRow judge(RowComparison c, GatePolicy policy, double alpha, double p) {
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
        Judged j = judge(worse, worstBound, mde, allowed, p, alpha, accuracy, "mean");
        return new GateRow(c, j.verdict(), j.change(), j.detectable(), j.summary(), j.reason());
    }

    /**
     * A verdict, a summary and a reason from one change and its evidence, the same rule for every comparison
     * (two runs, two rows of a run, A/B rounds).
     *
     * @param worse      the change in the worse direction (relative, or absolute where {@code absolute})
     * @param worstBound the interval's bound on the worse side, in the same terms
     * @param mde        the smallest change the data could have detected, in the same terms
     * @param allowed    the largest worsening that is not a regression
     * @param p          the test's two-sided p-value of no change
     * @param absolute   whether the change is in the metric's own unit (accuracy) rather than relative
     * @param estimate   what the change is of, in words: {@code mean}, {@code pseudo-median}
     */
    static Judged judge(double worse, double worstBound, double mde, double allowed, double p, double alpha,
                        boolean absolute, String estimate) {
        String ps = Figures.p(p);
        String limit = Figures.change(allowed, absolute);
        if (Double.isNaN(worse)) {
            return new Judged(Verdict.INCONCLUSIVE, worse, mde, "inconclusive (no ratio)",
                    "no ratio: the baseline mean is not positive");
        }
        boolean significant = p < alpha;
        String change = worse < 0 ? Figures.change(-worse, absolute) + " better"
                : Figures.change(worse, absolute) + " worse";
        if (significant && worse > allowed) {
            return judged(Verdict.REGRESSION, worse, mde, change + " (" + ps + "), beyond the " + limit + " allowed");
        }
        if (significant && -worse > allowed) {
            return judged(Verdict.IMPROVEMENT, worse, mde, change + " (" + ps + ")");
        }
        if (significant) {
            return judged(Verdict.NO_CHANGE, worse, mde, change + " (" + ps + "), within the " + limit + " allowed");
        }
        if (!(mde <= allowed)) {
            return new Judged(Verdict.INCONCLUSIVE, worse, mde,
                    "inconclusive (detects ≥ " + Figures.change(mde, absolute) + ")",
                    "not significant (" + ps + "); the data could detect only "
                            + (Double.isNaN(mde) ? "(no ratio)" : Figures.change(mde, absolute)) + " or more, not the "
                            + limit + " allowed");
        }
        if (!(worstBound <= allowed)) {
            // The estimate moved beyond the allowance, but the items do not move together (some up, some down):
            // the rank test and the interval disagree, so neither verdict can be given.
            return new Judged(Verdict.INCONCLUSIVE, worse, mde, "inconclusive (items disagree)",
                    "the " + estimate + " is " + change + " (95 % CI up to " + Figures.change(worstBound, absolute)
                            + " worse), but the items do not shift together (" + ps + ")");
        }
        return judged(Verdict.NO_CHANGE, worse, mde, "not significant (" + ps + "); the data could detect "
                + Figures.change(mde, absolute) + " or more");
    }

    /** A verdict with the change it rests on, in the terms of {@link GateRow}. */
    record Judged(Verdict verdict, double change, double detectable, String summary, String reason) {
    }

    private static Judged judged(Verdict verdict, double worse, double mde, String reason) {
        return new Judged(verdict, worse, mde, verdict.label(), reason);
    }

    /** Joules: lower is better. Tokens per second: higher is better. */
    static boolean lowerIsBetter(Metric metric) {
        return metric.direction() == Metric.Direction.LOWER_IS_BETTER;
    }
}
