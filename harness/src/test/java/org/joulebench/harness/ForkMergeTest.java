package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Merging forks and comparing by fork, on synthetic fork results ("fixture-…"; the numbers are test inputs). */
class ForkMergeTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One fork: 10 items × 2 repetitions; its own tokens/s figure {@code tps} with a ±1 % interval. */
    static RunResult fork(double tps, double joulesPerQuery, long seed) {
        Random random = new Random(seed);
        List<QueryRecord> q = new ArrayList<>();
        for (int rep = 1; rep <= 2; rep++) {
            for (int i = 0; i < 10; i++) {
                int tokens = 10 + i;
                double j = joulesPerQuery * Math.exp(0.01 * random.nextGaussian());
                q.add(new QueryRecord("fixture-task", "fixture-model", "fixture-backend", rep, "item-" + i, tokens,
                        j + 0.001, j, 1000.0 * tokens / tps, i % 2, "ESTIMATE"));
            }
        }
        Stat t = Stat.of(tps, tps * 0.99, tps * 1.01, 2, "repetitions");
        Stat jq = Stat.of(joulesPerQuery, joulesPerQuery * 0.99, joulesPerQuery * 1.01, 2, "repetitions");
        TaskModelResult r = new TaskModelResult("fixture-task", "fixture-model", "fixture-backend", "cpu", "fp32", 1000,
                2, 20, 290, new TaskModelResult.Accuracy("accuracy", 0.5, List.of(0.2, 0.8), 10, "items", Map.of()),
                new TaskModelResult.EnergyResult("estimate", "ESTIMATE", "fixture boundary", "query", 20 * joulesPerQuery
                        + 0.02, 20 * joulesPerQuery, jq, jq, 0, 0.5),
                new TaskModelResult.Throughput(t, 1), new TaskModelResult.Latency(1, 2));
        RunInfo info = new RunInfo("fixture-fork-" + seed, T0, T0, "test", seed, "joulebench run",
                new RunInfo.SuiteInfo("fixture-suite", "1", "f".repeat(64)), Map.of("repetitions", 2));
        return new RunResult(RunResult.SCHEMA, info, null, List.of(), null, null, List.of(r), List.of("fixture warning"),
                null, List.of(), q);
    }

    static RunResult merged(double... tps) {
        List<RunResult> forks = new ArrayList<>();
        for (int k = 0; k < tps.length; k++) {
            forks.add(fork(tps[k], 0.01 * 100 / tps[k], k + 1));
        }
        return ForkMerge.merge(forks, new RunInfo("fixture-run", T0, T0, "test", 7, "joulebench run --forks "
                + tps.length, null, null));
    }

    @Test
    void theIntervalRestsOnTheForksAndIsAtLeastAsWideAsTheirSpread() {
        RunResult r = merged(100, 120, 90);
        Stat tps = r.results().get(0).throughput().tokensPerS();
        assertEquals(310.0 / 3, tps.mean(), 1e-9);
        assertEquals("forks", tps.basis());
        assertEquals(3, tps.n());
        assertTrue(tps.hi() - tps.lo() >= 120 - 90, "interval " + tps.ci95() + " against the forks' range 90-120");
        ForkSpread s = r.forks().stream().filter(f -> f.metric().equals("tokens_per_s")).findFirst().orElseThrow();
        assertEquals(List.of(100.0, 120.0, 90.0), s.forkMeans());
        assertEquals(30 / (310.0 / 3), s.betweenSpread(), 1e-12);
        assertEquals(0.01, s.withinHalfWidth(), 1e-12, "each fork's own ±1 %");
    }

    @Test
    void countsAddUpAndQueriesKeepTheirFork() {
        RunResult r = merged(100, 110, 105);
        TaskModelResult row = r.results().get(0);
        assertEquals(6, row.repetitions());
        assertEquals(60, row.queries());
        assertEquals(870, row.tokens());
        assertEquals(60, r.queries().size());
        assertEquals(3, ForkMerge.forks(r));
        for (QueryRecord q : r.queries()) {
            assertTrue(q.repetition() >= 1 && q.repetition() <= 6);
        }
        assertEquals(2, ForkMerge.forkOf(r, r.queries().get(25)), "fork 2's first repetition is the run's third");
        assertEquals(List.of("fork 1: fixture warning", "fork 2: fixture warning", "fork 3: fixture warning"),
                r.warnings());
    }

    @Test
    void oneForkIsNotMerged() {
        assertThrows(IllegalArgumentException.class, () -> ForkMerge.merge(List.of(fork(100, 0.01, 1)),
                new RunInfo("x", T0, T0, "test", 1, "c", null, null)));
    }

    @Test
    void runsOfThreeForksOrMoreAreComparedForkByFork() {
        RunResult base = merged(100, 104, 97);
        RunResult slower = merged(100 / 1.3, 104 / 1.3, 97 / 1.3);
        Comparison c = Comparisons.compare(base, slower, ComparisonSettings.of(List.of(Metric.J_PER_QUERY,
                Metric.ACCURACY), 0.05));
        RowComparison energy = c.rows().get(0);
        assertEquals("forks", energy.design());
        assertEquals(3, energy.baselineItems(), "three forks, not ten items");
        assertEquals(1.3, energy.ratio(), 0.02);
        assertTrue(energy.pValue() < 0.05, "p " + energy.pValue());
        assertEquals("paired", c.rows().get(1).design(), "accuracy stays by item");
    }

    @Test
    void aBetweenForkSpreadWidensTheComparison() {
        // Forks that disagree by ±15 % cannot resolve a 5 % change, though their items agree within 1 %.
        Comparison c = Comparisons.compare(merged(100, 115, 85), merged(95, 109, 81),
                ComparisonSettings.of(List.of(Metric.J_PER_QUERY), 0.05));
        RowComparison r = c.rows().get(0);
        assertTrue(r.pValue() > 0.05, "p " + r.pValue());
        assertTrue(r.mdeRelative() > 0.2, "detects only " + r.mdeRelative());
    }
}
