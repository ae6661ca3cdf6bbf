package org.joulebench.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.joulebench.harness.Metric;
import org.joulebench.harness.RowComparison;
import org.junit.jupiter.api.Test;

/** The verdict rules, on hand-made comparison rows (figures are test inputs, not measurements). */
class GateTest {

    private static final GatePolicy POLICY = new GatePolicy(0.05, 0.01);

    private static RowComparison row(Metric metric, double ratio, double p, double mdeRelative) {
        return new RowComparison("fixture-task", "fixture-model", "fixture-backend", metric, "paired",
                "Wilcoxon signed-rank", 30, 30, 1, ratio, ratio, List.of(ratio, ratio), ratio - 1,
                List.of(ratio - 1, ratio - 1), p, mdeRelative, mdeRelative, null, null);
    }

    private static RowComparison accuracy(double baseline, double current, double p, double mde, boolean higher) {
        return new RowComparison("fixture-task", "fixture-model", "fixture-backend", Metric.ACCURACY, "paired",
                "Wilcoxon signed-rank", 30, 30, baseline, current, current / baseline, List.of(1.0, 1.0),
                current - baseline, List.of(0.0, 0.0), p, 0.0, mde, higher, null);
    }

    private static Verdict verdict(RowComparison c) {
        return Gate.judge(c, POLICY, 0.05).verdict();
    }

    @Test
    void aRegressionIsSignificantAndBeyondTheAllowance() {
        GateRow r = Gate.judge(row(Metric.J_PER_QUERY, 1.15, 0.001, 0.02), POLICY, 0.05);
        assertEquals(Verdict.REGRESSION, r.verdict());
        assertEquals("15.0 % worse (p = 0.001), beyond the 5.0 % allowed", r.reason());
        assertEquals(Verdict.REGRESSION, verdict(row(Metric.J_PER_TOKEN, 1.06, 0.001, 0.02)));
        assertEquals(Verdict.NO_CHANGE, verdict(row(Metric.J_PER_QUERY, 1.04, 0.001, 0.02)), "within 5 %");
        assertEquals(Verdict.INCONCLUSIVE, verdict(row(Metric.J_PER_QUERY, 1.30, 0.2, 0.50)), "not significant");
    }

    @Test
    void tokensPerSecondRegressesDownwards() {
        assertEquals(Verdict.REGRESSION, verdict(row(Metric.TOKENS_PER_S, 0.85, 0.001, 0.02)));
        assertEquals(Verdict.IMPROVEMENT, verdict(row(Metric.TOKENS_PER_S, 1.20, 0.001, 0.02)));
        assertEquals(Verdict.IMPROVEMENT, verdict(row(Metric.J_PER_QUERY, 0.80, 0.001, 0.02)));
    }

    @Test
    void notSignificantIsNoChangeOnlyWhenTheDataCouldHaveSeenTheAllowance() {
        GateRow precise = Gate.judge(row(Metric.J_PER_QUERY, 1.01, 0.4, 0.03), POLICY, 0.05);
        assertEquals(Verdict.NO_CHANGE, precise.verdict());
        assertEquals("no change", precise.summary());
        GateRow vague = Gate.judge(row(Metric.J_PER_QUERY, 1.01, 0.4, 0.12), POLICY, 0.05);
        assertEquals(Verdict.INCONCLUSIVE, vague.verdict());
        assertEquals("inconclusive (detects ≥ 12.0 %)", vague.summary());
        assertTrue(vague.reason().contains("could detect only 12.0 % or more"), vague.reason());
        assertEquals(Verdict.INCONCLUSIVE, verdict(row(Metric.J_PER_QUERY, Double.NaN, 0.4, Double.NaN)));
    }

    @Test
    void aMeanBeyondTheAllowanceWithoutAConsistentShiftIsInconclusive() {
        // Items with net joules below zero scaled by 1.15 move down while the rest move up: the mean is 15 % up
        // with no spread in its interval, yet the signed-rank test sees no consistent shift.
        GateRow r = Gate.judge(row(Metric.J_PER_QUERY, 1.15, 0.07, 0.0), POLICY, 0.05);
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertEquals("inconclusive (items disagree)", r.summary());
        assertEquals("the mean is 15.0 % worse (95 % CI up to 15.0 % worse), but the items do not shift together "
                + "(p = 0.070)", r.reason());
    }

    @Test
    void accuracyHasItsOwnFloorInItsOwnUnitAndDirection() {
        assertEquals(Verdict.REGRESSION, verdict(accuracy(0.80, 0.75, 0.01, 0.02, true)));
        assertEquals(Verdict.NO_CHANGE, verdict(accuracy(0.80, 0.795, 0.01, 0.002, true)), "half a point < 1 point");
        assertEquals(Verdict.IMPROVEMENT, verdict(accuracy(0.80, 0.85, 0.01, 0.02, true)));
        // Bits per character: lower is better, so a rise is the regression.
        assertEquals(Verdict.REGRESSION, verdict(accuracy(1.60, 1.70, 0.01, 0.02, false)));
        assertEquals(Verdict.IMPROVEMENT, verdict(accuracy(1.60, 1.50, 0.01, 0.02, false)));
        assertEquals(Verdict.NO_CHANGE, verdict(accuracy(0.80, 0.80, 1, 0, true)), "identical scores");
    }

    @Test
    void holmAdjustsTheSmallestPByTheFamilyAndKeepsTheOrder() {
        double[] adjusted = Gate.holm(new double[] {0.01, 0.04, 0.03, Double.NaN});
        assertEquals(0.04, adjusted[0], 1e-12, "4 × 0.01");
        assertEquals(0.09, adjusted[1], 1e-12, "2 × 0.04 = 0.08, but never below the step before it");
        assertEquals(0.09, adjusted[2], 1e-12, "3 × 0.03");
        assertEquals(1.0, adjusted[3], 1e-12, "no p-value counts as 1");
    }

    @Test
    void tenRowsEachJustSignificantAloneAreNoRegressionTogether() {
        // An unchanged build compared over 10 rows: at 5 % each, one row beyond the allowance by chance is likely.
        List<RowComparison> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(row(Metric.J_PER_QUERY, i == 3 ? 1.08 : 1.0, i == 3 ? 0.02 : 0.5, 0.2));
        }
        GateReport family = Gate.evaluate(new org.joulebench.harness.Comparison(rows, List.of(),
                org.joulebench.harness.ComparisonSettings.of(List.of(Metric.J_PER_QUERY), 0.05)), POLICY);
        assertTrue(family.passed(), "p = 0.02 of 10 tests is 0.2 after Holm");
        assertTrue(family.rows().get(3).reason().contains("p = 0.200 after Holm over 10 tests, p = 0.020 alone"),
                family.rows().get(3).reason());
        assertEquals(Verdict.REGRESSION, verdict(rows.get(3)), "alone it would be a regression");
    }
}
