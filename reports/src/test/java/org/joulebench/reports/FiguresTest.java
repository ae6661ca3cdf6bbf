package org.joulebench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.joulebench.harness.IdleBaseline;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.harness.TaskModelResult.EnergyResult;
import org.junit.jupiter.api.Test;

class FiguresTest {

    private static EnergyResult energy(String method, Double uncertainty, double jPerQuery) {
        Stat s = Stat.of(jPerQuery, jPerQuery, jPerQuery, 3, "repetitions");
        return new EnergyResult("fixture-meter", method, "fixture boundary", "query", 1, 1, s, s, 0, uncertainty);
    }

    private static TaskModelResult withEnergy(EnergyResult e, double accuracy) {
        TaskModelResult r = ReportFixtures.run().results().get(0);
        return new TaskModelResult(r.task(), r.model(), r.backend(), r.device(), r.precision(), r.params(),
                r.repetitions(), r.queries(), r.tokens(),
                new TaskModelResult.Accuracy("accuracy@1", accuracy, List.of(0.0, 1.0), 4, "items", null), e, r.throughput(),
                r.latency());
    }

    @Test
    void anEstimateCarriesItsRelativeUncertainty() {
        assertEquals("ESTIMATE ±50%", Figures.methodLabel(energy("ESTIMATE", 0.5, 1)));
        assertEquals("ESTIMATE ±12.5%", Figures.methodLabel(energy("ESTIMATE", 0.125, 1)));
    }

    @Test
    void aCounterIsLabelledByItsMethodAlone() {
        assertEquals("COUNTER", Figures.methodLabel(energy("COUNTER", null, 1)));
    }

    @Test
    void aMissingMethodIsSaidToBeUnknown() {
        assertEquals("UNKNOWN METHOD", Figures.methodLabel((EnergyResult) null));
        assertEquals("UNKNOWN METHOD", Figures.methodLabel(energy(" ", null, 1)));
    }

    @Test
    void anEstimatedIdleBaselineIsLabelledAsEstimatedEnergyIs() {
        assertEquals("ESTIMATE ±50%", Figures.methodLabel(ReportFixtures.run().idle()));
        assertEquals("ESTIMATE ±12.5%", Figures.methodLabel(
                new IdleBaseline(3.25, "ESTIMATE", 5.0, 16.25, "fixture boundary", 0.125)));
        assertEquals("COUNTER", Figures.methodLabel(
                new IdleBaseline(3.25, "COUNTER", 5.0, 16.25, "fixture boundary", null)));
        assertEquals("UNKNOWN METHOD", Figures.methodLabel((IdleBaseline) null));
    }

    @Test
    void mixedMethodsAreAllNamedNeverMerged() {
        assertEquals("COUNTER / ESTIMATE ±50%", Figures.methodLabel(List.of(
                withEnergy(energy("COUNTER", null, 1), 0.5), withEnergy(energy("ESTIMATE", 0.5, 1), 0.5),
                withEnergy(energy("COUNTER", null, 2), 0.5))));
    }

    @Test
    void accuracyPerKilojouleIsAccuracyTimesQueriesPerKilojoule() {
        assertEquals(15_000.0, Figures.accuracyPerKilojoule(withEnergy(energy("COUNTER", null, 0.05), 0.75))
                .getAsDouble(), 1e-9);
    }

    @Test
    void accuracyPerKilojouleIsAbsentWithoutPositiveNetEnergy() {
        assertTrue(Figures.accuracyPerKilojoule(withEnergy(energy("COUNTER", null, 0), 0.75)).isEmpty());
        assertTrue(Figures.accuracyPerKilojoule(withEnergy(energy("COUNTER", null, -0.01), 0.75)).isEmpty());
        assertTrue(Figures.accuracyPerKilojoule(withEnergy(energy("COUNTER", null, Double.NaN), 0.75)).isEmpty());
    }

    @Test
    void accuracyPerKilojouleIsAbsentForLowerIsBetterMetricsAndRandomWeights() {
        TaskModelResult bits = ReportFixtures.generationRun().results().stream()
                .filter(r -> r.task().equals(ReportFixtures.BITS_PER_CHAR) && r.accuracy() != null).findFirst().orElseThrow();
        TaskModelResult random = ReportFixtures.generationRun().results().stream()
                .filter(r -> r.accuracy() == null).findFirst().orElseThrow();

        assertTrue(bits.energy().jPerQuery().mean() > 0);
        assertTrue(Figures.accuracyPerKilojoule(bits).isEmpty(), "bits/char is a cost, not an accuracy");
        assertTrue(Figures.accuracyPerKilojoule(random).isEmpty(), "random weights have no accuracy");
    }

    @Test
    void aMetricIsHigherIsBetterUnlessItSaysOtherwise() {
        assertTrue(Figures.higherIsBetter(new TaskModelResult.Accuracy("accuracy@1", 0.5, List.of(0.4, 0.6), 4,
                "items", null, null)), "null reads as higher is better, as older results do");
        assertTrue(Figures.higherIsBetter(null));
        TaskModelResult.Accuracy bits = new TaskModelResult.Accuracy("bits/char", 2.4, List.of(2.2, 2.6), 4, "items",
                null, Boolean.FALSE);
        assertEquals(false, Figures.higherIsBetter(bits));
        assertEquals("bits/char (lower is better)", Figures.metricLabel(bits));
        assertEquals("accuracy@1", Figures.metricLabel(new TaskModelResult.Accuracy("accuracy@1", 0.5,
                List.of(0.4, 0.6), 4, "items", null)));
    }
}
