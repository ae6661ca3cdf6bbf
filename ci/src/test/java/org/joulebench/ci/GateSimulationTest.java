package org.joulebench.ci;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.joulebench.harness.ComparisonSettings;
import org.joulebench.harness.Comparisons;
import org.joulebench.harness.Metric;
import org.joulebench.harness.QueryRecord;
import org.joulebench.harness.RunResult;
import org.junit.jupiter.api.Test;

/**
 * The gate's error rates by simulation, with fixed seeds: pairs of fake runs of 30 queries per side (one
 * repetition) drawn from known distributions, a true regression of +10 % in J/query or none, and the gate at
 * its defaults (α = 0.05, 5 % allowed). The per-query figures are log-normal: each item has its own cost
 * (spread σ = 0.5 between items, as short and long inputs differ) and each measurement a noise of σ = 0.07
 * (7 %). Caught at least 95 % of the time, false alarms at most 5 %.
 */
class GateSimulationTest {

    private static final int TRIALS = 1000;
    private static final int QUERIES = 30;
    private static final double ITEM_SPREAD = 0.5;
    private static final double NOISE = 0.07;

    /** How often the gate says {@code regression} over {@link #TRIALS} simulated comparisons. */
    static double regressionRate(double effect, double noise, boolean sameItems, long seed) {
        int regressions = 0;
        for (int t = 0; t < TRIALS; t++) {
            Random random = new Random(seed + t);
            double[] cost = new double[QUERIES];
            for (int i = 0; i < QUERIES; i++) {
                cost[i] = 0.2 * Math.exp(ITEM_SPREAD * random.nextGaussian());
            }
            List<QueryRecord> baseline = new ArrayList<>();
            List<QueryRecord> current = new ArrayList<>();
            for (int i = 0; i < QUERIES; i++) {
                baseline.add(query("sim-item-" + i, cost[i] * Math.exp(noise * random.nextGaussian())));
                // Independent samples: other items, drawn afresh from the same population.
                double c = sameItems ? cost[i] : 0.2 * Math.exp(ITEM_SPREAD * random.nextGaussian());
                String item = sameItems ? "sim-item-" + i : "sim-other-" + i;
                current.add(query(item, c * effect * Math.exp(noise * random.nextGaussian())));
            }
            var comparison = Comparisons.compare(run(baseline), run(current),
                    new ComparisonSettings(List.of(Metric.J_PER_QUERY), 0.05, 0.8, 200, seed + t));
            if (!Gate.evaluate(comparison, new GatePolicy(0.05, 0.01)).passed()) {
                regressions++;
            }
        }
        return regressions / (double) TRIALS;
    }

    private static QueryRecord query(String item, double joules) {
        return new QueryRecord("fixture-sim-task", "fixture-sim-model", "fixture-sim-backend", 1, item, 16,
                joules, joules, 10, 1, "ESTIMATE");
    }

    private static RunResult run(List<QueryRecord> queries) {
        return new RunResult(RunResult.SCHEMA, null, null, List.of(), null, List.of(), queries);
    }

    @Test
    void sameItemsCatchATenPercentRegressionAndRarelyRaiseAFalseAlarm() {
        double power = regressionRate(1.10, NOISE, true, 1_000);
        double falseAlarm = regressionRate(1.00, NOISE, true, 2_000_000);
        System.out.printf(Locale.ROOT, "simulation, same items: power %.3f at +10 %%, false alarms %.3f%n", power,
                falseAlarm);
        assertTrue(power >= 0.95, "power " + power);
        assertTrue(falseAlarm <= 0.05, "false alarms " + falseAlarm);
    }

    @Test
    void independentSamplesWithoutItemSpreadDoTheSame() {
        // Without shared items the spread between items is noise too; with none (a single repeated input),
        // only the measurement noise remains.
        double power = regressionRateWithoutSpread(1.10, 3_000);
        double falseAlarm = regressionRateWithoutSpread(1.00, 4_000_000);
        System.out.printf(Locale.ROOT, "simulation, independent samples: power %.3f at +10 %%, false alarms %.3f%n",
                power, falseAlarm);
        assertTrue(power >= 0.95, "power " + power);
        assertTrue(falseAlarm <= 0.05, "false alarms " + falseAlarm);
    }

    private static double regressionRateWithoutSpread(double effect, long seed) {
        int regressions = 0;
        for (int t = 0; t < TRIALS; t++) {
            Random random = new Random(seed + t);
            List<QueryRecord> baseline = new ArrayList<>();
            List<QueryRecord> current = new ArrayList<>();
            for (int i = 0; i < QUERIES; i++) {
                baseline.add(query("sim-a-" + i, 0.2 * Math.exp(NOISE * random.nextGaussian())));
                current.add(query("sim-b-" + i, 0.2 * effect * Math.exp(NOISE * random.nextGaussian())));
            }
            var comparison = Comparisons.compare(run(baseline), run(current),
                    new ComparisonSettings(List.of(Metric.J_PER_QUERY), 0.05, 0.8, 200, seed + t));
            if (!Gate.evaluate(comparison, new GatePolicy(0.05, 0.01)).passed()) {
                regressions++;
            }
        }
        return regressions / (double) TRIALS;
    }
}
