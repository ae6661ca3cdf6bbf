package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The comparison core on synthetic per-query records ("fixture-…" names; the joules are random test inputs). */
class ComparisonsTest {

    /** {@code items} items × {@code reps} repetitions of fake queries, joules scaled by {@code factor}. */
    static List<QueryRecord> fake(int items, int reps, double factor, long seed) {
        Random random = new Random(seed);
        List<QueryRecord> out = new ArrayList<>();
        for (int r = 1; r <= reps; r++) {
            for (int i = 0; i < items; i++) {
                double joules = (0.1 + 0.01 * i) * Math.exp(0.05 * random.nextGaussian()) * factor;
                out.add(new QueryRecord("fixture-task", "fixture-model", "fixture-backend", r, "item-" + i, 10 + i,
                        joules + 0.05, joules, 20 + i, i % 2, "ESTIMATE"));
            }
        }
        return out;
    }

    static RunResult run(List<QueryRecord> queries) {
        return new RunResult(RunResult.SCHEMA, null, null, List.of(), null, List.of(), queries);
    }

    private static ComparisonSettings settings(Metric... metrics) {
        return ComparisonSettings.of(List.of(metrics), 0.05);
    }

    @Test
    void identicalRunsHaveRatioOneAndNothingToDetect() {
        List<QueryRecord> q = fake(30, 2, 1, 1);
        Comparison c = Comparisons.compare(run(q), run(q), settings(Metric.perItemMetrics().toArray(new Metric[0])));
        assertEquals(4, c.rows().size());
        for (RowComparison r : c.rows()) {
            assertEquals("paired", r.design());
            assertEquals(30, r.baselineItems(), "items, not queries, are the unit");
            assertEquals(1.0, r.ratio(), 1e-12, r.metric().id());
            assertEquals(1.0, r.pValue());
            assertEquals(List.of(1.0, 1.0), r.ratioCi95());
            assertEquals(0.0, r.mdeRelative(), 1e-12);
        }
        assertTrue(c.unmatched().isEmpty());
    }

    @Test
    void scaledJoulesGiveThatRatioSignificantly() {
        Comparison c = Comparisons.compare(run(fake(30, 2, 1, 1)), run(fake(30, 2, 1.15, 1)),
                settings(Metric.J_PER_QUERY, Metric.J_PER_TOKEN, Metric.TOKENS_PER_S));
        RowComparison perQuery = c.rows().get(0);
        assertEquals(Metric.J_PER_QUERY, perQuery.metric());
        assertEquals(1.15, perQuery.ratio(), 1e-9);
        assertTrue(perQuery.pValue() < 1e-5, "every item went up: " + perQuery.pValue());
        assertEquals(1.15, perQuery.ratioCi95().get(0), 1e-9);
        assertEquals(1.15, c.rows().get(1).ratio(), 1e-9);
        assertEquals(1.0, c.rows().get(2).ratio(), 1e-12, "latency untouched");
    }

    @Test
    void independentNoiseGivesAnIntervalAroundTheTrueRatioAndAReproducibleOne() {
        Comparison a = Comparisons.compare(run(fake(40, 1, 1, 1)), run(fake(40, 1, 1.10, 2)),
                settings(Metric.J_PER_QUERY));
        RowComparison r = a.rows().get(0);
        assertTrue(r.ratioCi95().get(0) < 1.10 && 1.10 < r.ratioCi95().get(1), r.ratioCi95().toString());
        assertTrue(r.ratioCi95().get(0) > 1.0, "5 % noise over 40 items resolves 10 %: " + r.ratioCi95());
        assertTrue(r.mdeRelative() > 0 && r.mdeRelative() < 0.05, "mde " + r.mdeRelative());
        Comparison b = Comparisons.compare(run(fake(40, 1, 1, 1)), run(fake(40, 1, 1.10, 2)),
                settings(Metric.J_PER_QUERY));
        assertEquals(r, b.rows().get(0), "same inputs and seed, same figures");
    }

    @Test
    void repetitionsAreFoldedIntoTheirItem() {
        List<QueryRecord> q = List.of(
                new QueryRecord("t", "m", "b", 1, "x", 10, 0, 1.0, 100, 1, "COUNTER"),
                new QueryRecord("t", "m", "b", 2, "x", 10, 0, 3.0, 300, 0, "COUNTER"),
                new QueryRecord("t", "m", "b", 1, "y", 20, 0, 4.0, 100, 1, "COUNTER"));
        assertEquals(List.of(2.0, 4.0), List.copyOf(ItemValues.of(q, Metric.J_PER_QUERY).values()));
        assertEquals(List.of(0.2, 0.2), List.copyOf(ItemValues.of(q, Metric.J_PER_TOKEN).values()));
        assertEquals(List.of(50.0, 200.0), List.copyOf(ItemValues.of(q, Metric.TOKENS_PER_S).values()));
        assertEquals(List.of(0.5, 1.0), List.copyOf(ItemValues.of(q, Metric.ACCURACY).values()));
    }

    @Test
    void differentItemSetsAreComparedAsIndependentSamples() {
        List<QueryRecord> fewer = fake(30, 1, 1, 1).subList(0, 20);
        Comparison c = Comparisons.compare(run(fake(30, 1, 1, 1)), run(fewer), settings(Metric.J_PER_QUERY));
        RowComparison r = c.rows().get(0);
        assertEquals("unpaired", r.design());
        assertEquals("Mann-Whitney U", r.test());
        assertEquals(30, r.baselineItems());
        assertEquals(20, r.currentItems());
        assertTrue(r.note().contains("20 shared"), r.note());
    }

    @Test
    void rowsOnOneSideAreListedNotCompared() {
        List<QueryRecord> other = fake(5, 1, 1, 1).stream().map(q -> new QueryRecord(q.task(), "fixture-other",
                q.backend(), q.repetition(), q.item(), q.tokens(), q.joulesGross(), q.joulesNet(), q.latencyMs(),
                q.score(), q.method())).toList();
        Comparison c = Comparisons.compare(run(fake(5, 1, 1, 1)), run(other), settings(Metric.J_PER_QUERY));
        assertTrue(c.rows().isEmpty());
        assertEquals(List.of("fixture-task × fixture-model × fixture-backend: only in the baseline run",
                "fixture-task × fixture-other × fixture-backend: only in the current run"), c.unmatched());
    }

    @Test
    void accuracyDirectionComesFromTheResultAndOtherMetricsHaveNone() {
        Comparison c = Comparisons.compare(run(fake(5, 1, 1, 1)), run(fake(5, 1, 1, 1)),
                settings(Metric.ACCURACY, Metric.J_PER_QUERY));
        assertEquals(Boolean.TRUE, c.rows().get(0).higherIsBetter());
        assertNull(c.rows().get(1).higherIsBetter());
    }

    // ---- two rows of one run, block pair by block pair ----

    /**
     * Two rows of one run, {@code items} items in blocks of {@code block} over {@code reps} repetitions. Each row's
     * turn at a block gets its own factor exp(N(0, turnNoise)) on all its queries, as a burst of other load during
     * that turn would; each query 1 % of its own noise; the current row's joules are scaled by {@code factor}.
     */
    static RunResult twoRows(int items, int block, int reps, double turnNoise, double factor, long seed,
                             boolean recordBlocks) {
        Random random = new Random(seed);
        List<QueryRecord> out = new ArrayList<>();
        for (int r = 1; r <= reps; r++) {
            for (int from = 0; from < items; from += block) {
                for (String model : List.of("fixture-a", "fixture-b")) {
                    double turn = Math.exp(turnNoise * random.nextGaussian()) * (model.equals("fixture-b") ? factor : 1);
                    for (int i = from; i < Math.min(items, from + block); i++) {
                        double joules = (0.1 + 0.01 * i) * turn * Math.exp(0.01 * random.nextGaussian());
                        out.add(new QueryRecord("fixture-task", model, "fixture-backend", r, "item-" + i, 10 + i,
                                joules + 0.05, joules, 20 + i, 1, "ESTIMATE", "measured",
                                recordBlocks ? from / block + 1 : 0));
                    }
                }
            }
        }
        return run(out);
    }

    @Test
    void withinRunTheBlockPairIsTheUnitSoABurstOnOneTurnIsNotCountedOncePerItem() {
        // 200 A/As with 15 % noise from turn to turn (a burst of other load slows one row's whole turn).
        int blockAlarms = 0;
        int itemAlarms = 0;
        for (long seed = 1; seed <= 200; seed++) {
            RowComparison r = Comparisons.compareRows(twoRows(40, 5, 2, 0.15, 1, seed, true), "fixture-a",
                    "fixture-b", settings(Metric.J_PER_QUERY)).rows().get(0);
            assertEquals("paired by block", r.design());
            assertEquals(16, r.baselineItems(), "8 blocks x 2 repetitions");
            blockAlarms += r.pValue() < 0.05 ? 1 : 0;
            // The same queries with the blocks forgotten: items as the unit, each turn's burst counted 5 times.
            RowComparison items = Comparisons.compareRows(twoRows(40, 5, 2, 0.15, 1, seed, false), "fixture-a",
                    "fixture-b", settings(Metric.J_PER_QUERY)).rows().get(0);
            assertEquals("paired", items.design());
            itemAlarms += items.pValue() < 0.05 ? 1 : 0;
        }
        assertTrue(blockAlarms <= 16, "block pairs keep the 5 % level: " + blockAlarms + " of 200");
        assertTrue(itemAlarms >= 60, "items as the unit do not: " + itemAlarms + " of 200");
    }

    @Test
    void withinRunATrueChangeIsFoundBlockPairByBlockPair() {
        RowComparison r = Comparisons.compareRows(twoRows(40, 5, 2, 0.05, 1.2, 4, true), "fixture-a", "fixture-b",
                settings(Metric.J_PER_QUERY, Metric.J_PER_TOKEN)).rows().get(0);
        assertEquals("Wilcoxon signed-rank over block pairs", r.test());
        assertTrue(r.pValue() < 0.001, "p " + r.pValue());
        assertTrue(r.ratioCi95().get(0) < 1.2 && 1.2 < r.ratioCi95().get(1), r.ratioCi95().toString());
        assertTrue(r.ratioCi95().get(0) > 1.1, r.ratioCi95().toString());
    }

    @Test
    void withinRunFewerBlockPairsThanATestNeedsSaySo() {
        RowComparison r = Comparisons.compareRows(twoRows(10, 5, 2, 0.01, 2, 5, true), "fixture-a", "fixture-b",
                settings(Metric.TOKENS_PER_S)).rows().get(0);
        assertEquals(4, r.baselineItems());
        assertTrue(r.pValue() >= 0.05, "four pairs cannot reach 5 %: " + r.pValue());
        assertTrue(r.note().contains("fewer than 6 pairs can never be significant"), r.note());
    }

    @Test
    void withinRunAccuracyStaysItemByItem() {
        RowComparison r = Comparisons.compareRows(twoRows(40, 5, 2, 0.05, 1, 6, true), "fixture-a", "fixture-b",
                settings(Metric.ACCURACY)).rows().get(0);
        assertEquals("paired", r.design());
        assertEquals(40, r.baselineItems());
    }

    @Test
    void aJouleRowSaysHowManyQueriesWereBelowIdle() {
        List<QueryRecord> base = new ArrayList<>(fake(30, 2, 1, 1));
        QueryRecord q = base.get(4);
        base.set(4, new QueryRecord(q.task(), q.model(), q.backend(), q.repetition(), q.item(), q.tokens(),
                q.joulesGross(), -0.01, q.latencyMs(), q.score(), q.method()));
        Comparison c = Comparisons.compare(run(base), run(fake(30, 2, 1, 2)),
                settings(Metric.J_PER_QUERY, Metric.TOKENS_PER_S));
        assertTrue(c.rows().get(0).note().contains("queries below idle (net < 0): 1 of 60 baseline, 0 of 60 current"),
                c.rows().get(0).note());
        assertNull(c.rows().get(1).note(), "tokens/s has no joules");
    }
}
