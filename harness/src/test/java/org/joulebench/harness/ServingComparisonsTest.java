package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Two runs of the serving scenario compared level by level ("fixture-…" names; the windows' joules are random test
 * inputs): levels are never merged, and a level's energy and speed rest on its steady-state windows.
 */
class ServingComparisonsTest {

    private static final String TASK = "fixture-task";
    private static final String MODEL = "fixture-model";
    private static final String ENGINE = "fixture-engine";

    /** One level's entry, {@code windows} steady-state windows at about {@code jPerToken} (2 % spread), and its records. */
    private static void level(int concurrency, int windows, double jPerToken, long seed, List<TaskModelResult> results,
                              List<QueryRecord> queries) {
        Random random = new Random(seed);
        List<TaskModelResult.SteadyWindow> list = new ArrayList<>();
        for (int w = 1; w <= windows; w++) {
            double seconds = 2 + random.nextDouble();
            long tokens = 400 + random.nextInt(50);
            double net = jPerToken * tokens * (1 + 0.02 * random.nextGaussian());
            list.add(new TaskModelResult.SteadyWindow(w, seconds, tokens, net + 3 * seconds, net, 32));
            for (int i = 0; i < 4; i++) {
                queries.add(new QueryRecord(TASK, MODEL, ENGINE, w, "item-" + i, 40, net / 12 + 0.1, net / 12, 90,
                        i % 2, "COUNTER", "shared", 0, concurrency));
            }
        }
        Stat j = Stat.of(jPerToken, jPerToken, jPerToken, windows, "windows");
        TaskModelResult.ServingStats serving = new TaskModelResult.ServingStats("closed-loop", null, 4 * windows,
                4 * windows, windows, 0, 0, 0, 0, j, 0, 0, null, null, 0, 0, 0, null, null, concurrency, null,
                ServingAggregator.METHOD, list);
        TaskModelResult.EnergyResult energy = new TaskModelResult.EnergyResult("fixture-meter", "COUNTER", "test",
                "steady-state", 0, 0, j, j, 0, null);
        results.add(new TaskModelResult(TASK, MODEL, ENGINE, "cpu", "fp32", 1, windows, 4 * windows, 0,
                new TaskModelResult.Accuracy("exact match", 0.5, List.of(0.1, 0.9), 4, "items", Map.of(), true), energy,
                new TaskModelResult.Throughput(j, 1), new TaskModelResult.Latency(90, 95), null, concurrency,
                serving));
    }

    private static RunResult run(int windows, double factorAtTwo, long seed) {
        List<TaskModelResult> results = new ArrayList<>();
        List<QueryRecord> queries = new ArrayList<>();
        level(1, windows, 0.010, seed, results, queries);
        level(2, windows, 0.006 * factorAtTwo, seed + 1, results, queries);
        return new RunResult(RunResult.SCHEMA, null, null, List.of(), null, results, queries);
    }

    @Test
    void eachLevelIsItsOwnRowAndRestsOnItsWindows() {
        Comparison c = Comparisons.compare(run(5, 1.0, 1), run(5, 1.3, 11),
                ComparisonSettings.of(List.of(Metric.J_PER_TOKEN, Metric.ACCURACY), 0.05));
        assertTrue(c.unmatched().isEmpty(), c.unmatched().toString());
        List<RowComparison> energy = c.rows().stream().filter(r -> r.metric() == Metric.J_PER_TOKEN).toList();
        assertEquals(List.of(ENGINE + " · concurrency 1", ENGINE + " · concurrency 2"),
                energy.stream().map(RowComparison::backend).toList(), "one row per level, never merged");
        RowComparison one = energy.get(0);
        RowComparison two = energy.get(1);
        assertEquals("windows", one.design());
        assertEquals(5, one.baselineItems(), "the windows are the unit, not the 20 responses");
        assertTrue(one.pValue() > 0.01, "level 1 did not change: p = " + one.pValue());
        assertEquals(1.3, two.ratio(), 0.05, "level 2 costs 30 % more per output token");
        assertTrue(two.pValue() < 0.001, "and the windows show it: p = " + two.pValue());
        assertTrue(two.ratioCi95().get(0) > 1.2 && two.ratioCi95().get(1) < 1.4, two.ratioCi95().toString());
        RowComparison accuracy = c.rows().stream().filter(r -> r.metric() == Metric.ACCURACY).findFirst().orElseThrow();
        assertEquals(4, accuracy.baselineItems(), "accuracy rests on the items, as everywhere");
    }

    @Test
    void oneWindowPerSideIsNotComparedAndSaysWhy() {
        Comparison c = Comparisons.compare(run(1, 1.0, 1), run(1, 2.0, 11),
                ComparisonSettings.of(List.of(Metric.J_PER_TOKEN), 0.05));
        assertTrue(c.rows().isEmpty(), "no figure from one window a side: " + c.rows());
        assertEquals(2, c.unmatched().size(), "a line per level");
        assertTrue(c.unmatched().get(1).contains("concurrency 2") && c.unmatched().get(1).contains("--repetitions 3"),
                c.unmatched().get(1));
    }
}
