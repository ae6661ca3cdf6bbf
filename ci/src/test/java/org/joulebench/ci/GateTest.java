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
}
