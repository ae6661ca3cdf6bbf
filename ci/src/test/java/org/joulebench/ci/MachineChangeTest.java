package org.joulebench.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.joulebench.harness.CanaryDrift;
import org.joulebench.harness.Comparison;
import org.joulebench.harness.ComparisonSettings;
import org.joulebench.harness.Metric;
import org.joulebench.harness.RowComparison;
import org.junit.jupiter.api.Test;

/** The canary's part of the gate, on hand-made canary ratios and rows (test inputs, not measurements). */
class MachineChangeTest {

    private static final GatePolicy POLICY = new GatePolicy(0.05, 0.01);

    private static CanaryDrift.Measured drift(double cpuTime, double cpuEnergy, double memoryTime) {
        return new CanaryDrift.Measured(List.of(
                new CanaryDrift.KernelRatio("cpu-lcg-fma@1", 0.002, 0.002 * cpuTime, 0.008, 0.008 * cpuEnergy),
                new CanaryDrift.KernelRatio("memory-stream@1", 0.005, 0.005 * memoryTime, 0.02, 0.02)), null);
    }

    private static RowComparison row(String model, Metric metric, double ratio) {
        return new RowComparison("fixture-task", model, "fixture-backend", metric, "paired", "Wilcoxon signed-rank",
                30, 30, 1, ratio, ratio, List.of(ratio, ratio), ratio - 1, List.of(ratio - 1, ratio - 1), 0.001, 0.02,
                0.02, null, null);
    }

    @Test
    void theMachineChangedWhenAnyKernelsTimeOrEnergyMovedBeyondTheAllowance() {
        assertTrue(MachineChange.beyond(drift(1.049, 1.0, 1.0), 0.05).isEmpty());
        assertEquals("cpu-lcg-fma@1", MachineChange.beyond(drift(1.051, 1.0, 1.0), 0.05).orElseThrow().kernel());
        assertEquals("cpu-lcg-fma@1", MachineChange.beyond(drift(1.0, 0.93, 1.0), 0.05).orElseThrow().kernel(),
                "energy alone, downwards");
        assertEquals("memory-stream@1", MachineChange.beyond(drift(1.06, 1.0, 1.20), 0.05).orElseThrow().kernel(),
                "the largest change names the kernel");
        assertTrue(MachineChange.beyond(drift(1.12, 1.0, 1.0), 0.15).isEmpty(), "a wider allowance");
    }

    @Test
    void regressionsAndImprovementsBecomeInconclusiveAndTheGatePasses() {
        List<RowComparison> rows = List.of(row("fixture-model-a", Metric.J_PER_QUERY, 1.15),
                row("fixture-model-b", Metric.J_PER_QUERY, 0.80), row("fixture-model-c", Metric.J_PER_QUERY, 1.01));
        GateReport report = Gate.evaluate(new Comparison(rows, List.of(),
                ComparisonSettings.of(List.of(Metric.J_PER_QUERY), 0.05)), POLICY);
        assertEquals(List.of(Verdict.REGRESSION, Verdict.IMPROVEMENT, Verdict.NO_CHANGE),
                report.rows().stream().map(GateRow::verdict).toList());
        assertFalse(report.passed());

        GateReport discounted = MachineChange.inconclusive(report,
                MachineChange.beyond(drift(1.123, 1.05, 1.0), 0.05).orElseThrow());
        assertEquals(List.of(Verdict.INCONCLUSIVE, Verdict.INCONCLUSIVE, Verdict.NO_CHANGE),
                discounted.rows().stream().map(GateRow::verdict).toList());
        assertTrue(discounted.passed());
        assertEquals("inconclusive (machine changed by 12.3 %)", discounted.rows().get(0).summary());
        assertEquals("inconclusive (machine changed by 12.3 %)", discounted.rows().get(1).summary());
        assertTrue(discounted.rows().get(0).reason().startsWith("would be regression (15.0 % worse (p = 0.003 after "
                + "Holm over 3 tests, p = 0.001 alone), beyond the 5.0 % allowed), but the machine itself changed by 12.3 %"),
                discounted.rows().get(0).reason());
        assertEquals(report.rows().get(2), discounted.rows().get(2));
        assertTrue(GateJUnit.render(discounted).contains("failures=\"0\" errors=\"0\" skipped=\"2\""));
    }

    @Test
    void theSummarySaysWhatTheCanaryShowed() {
        assertEquals("drift canary (current / baseline per unit of work): cpu-lcg-fma@1 time ×1.010 (0.002000 → "
                + "0.002020 s/unit), energy ×1.000 (0.008000 → 0.008000 J/unit); memory-stream@1 time ×0.980 "
                + "(0.005000 → 0.004900 s/unit), energy ×1.000 (0.02000 → 0.02000 J/unit); the machine stayed within "
                + "the 5.0 % allowed", MachineChange.summary(drift(1.01, 1.0, 0.98), 0.05));
        assertTrue(MachineChange.summary(drift(1.2, 1.0, 1.0), 0.05)
                .endsWith("; the machine changed by 20.0 %, more than the 5.0 % allowed"));
        assertEquals("drift could not be checked (the baseline run has no canary: written before Joulebench recorded "
                + "one (by 0.1.0))", MachineChange.summary(new CanaryDrift.Unchecked("the baseline run has no canary: "
                + "written before Joulebench recorded one (by 0.1.0)"), 0.05));
    }
}
