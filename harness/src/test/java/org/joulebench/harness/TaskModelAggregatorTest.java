package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TaskModelAggregatorTest {

    private static TaskModelAggregator.Sample sample(int rep, String item, int tokens, double net, double seconds,
                                                     double score) {
        return new TaskModelAggregator.Sample(rep, item, tokens, net + 1.0, net, seconds, seconds * 1000,
                new Score(score, Map.of("mrr", score)));
    }

    @Test
    void energyRestsOnRepetitionsAndAccuracyOnItems() {
        TaskModelAggregator a = new TaskModelAggregator();
        // repetition 1: J/query 2.0, J/token 0.2; repetition 2: J/query 3.0, J/token 0.3
        a.add(sample(1, "x", 10, 2.0, 0.5, 1));
        a.add(sample(1, "y", 10, 2.0, 0.5, 0));
        a.add(sample(2, "x", 10, 3.0, 0.5, 1));
        a.add(sample(2, "y", 10, 3.0, 0.5, 0));
        TaskModelResult r = a.result("t", "m", "b", "cpu", "fp32", 100, 2, "accuracy", List.of("mrr"), "rapl", "COUNTER",
                "test boundary", 7.0, null);
        assertEquals(4, r.queries());
        assertEquals(40, r.tokens());
        assertEquals(10.0, r.energy().joulesNet(), 1e-12);
        assertEquals(14.0, r.energy().joulesGross(), 1e-12);
        assertEquals(2.5, r.energy().jPerQuery().mean(), 1e-12);
        assertEquals("repetitions", r.energy().jPerQuery().basis());
        assertEquals(2, r.energy().jPerQuery().n());
        assertEquals(0.25, r.energy().jPerToken().mean(), 1e-12);
        assertEquals(20.0, r.throughput().tokensPerS().mean(), 1e-12);
        assertEquals(2.0, r.throughput().queriesPerS(), 1e-12);
        assertEquals(0.5, r.accuracy().value(), 1e-12);
        assertEquals(2, r.accuracy().n());
        assertEquals("items", r.accuracy().basis());
        assertEquals(0.5, r.accuracy().other().get("mrr").mean(), 1e-12);
        assertEquals(2, r.accuracy().other().get("mrr").n());
        assertEquals(500.0, r.latency().p50Ms(), 1e-9);
        assertEquals(7.0, r.energy().setupJoulesGross());
        assertEquals(4, a.records("t", "m", "b", "COUNTER").size());
    }

    @Test
    void oneRepetitionFallsBackToQueries() {
        TaskModelAggregator a = new TaskModelAggregator();
        a.add(sample(1, "x", 10, 1.0, 0.1, 1));
        a.add(sample(1, "y", 30, 3.0, 0.3, 1));
        TaskModelResult r = a.result("t", "m", "b", "cpu", "fp32", 100, 1, "accuracy", List.of(), "estimate", "ESTIMATE", "b",
                0, 0.5);
        assertEquals("queries", r.energy().jPerQuery().basis());
        assertEquals(2.0, r.energy().jPerQuery().mean(), 1e-12);
        assertEquals(0.1, r.energy().jPerToken().mean(), 1e-12); // 4 J / 40 tokens
        assertEquals(0.5, r.energy().relativeUncertainty());
    }

    @Test
    void apportionedQueriesTakeTheirTimeShareOfThePass() {
        TaskModelAggregator.Sample q = sample(1, "x", 10, 0.0, 0.25, 1);
        // a pass of 1 s that drew 8 J gross; idle 2 W
        TaskModelAggregator.Sample a = q.apportionedFrom(8.0, 1.0, 2.0);
        assertEquals(2.0, a.joulesGross(), 1e-12);
        assertEquals(1.5, a.joulesNet(), 1e-12);
        assertEquals(true, a.apportioned());

        TaskModelAggregator all = new TaskModelAggregator();
        all.add(a);
        all.add(sample(1, "y", 10, 1.0, 0.25, 1).apportionedFrom(8.0, 1.0, 2.0));
        TaskModelResult r = all.result("t", "m", "b", "cpu", "fp32", 1, 1, "accuracy", List.of(), "rapl", "COUNTER",
                "b", 0, null);
        assertEquals(TaskModelAggregator.WINDOW_APPORTIONED, r.energy().window());
        assertEquals(List.of("apportioned", "apportioned"),
                all.records("t", "m", "b", "COUNTER").stream().map(QueryRecord::energy).toList());

        TaskModelAggregator mixed = new TaskModelAggregator();
        mixed.add(a);
        mixed.add(sample(2, "x", 10, 1.0, 0.25, 1));
        assertEquals(TaskModelAggregator.WINDOW_MIXED, mixed.result("t", "m", "b", "cpu", "fp32", 1, 2, "accuracy",
                List.of(), "rapl", "COUNTER", "b", 0, null).energy().window());
    }

    @Test
    void attributionIsTheProcessShareOfMachineCpu() {
        TaskModelAggregator a = new TaskModelAggregator();
        a.add(sample(1, "x", 10, 4.0, 1.0, 1));
        a.addCpuTimes(1_000_000_000L, 4_000_000_000L);
        TaskModelResult r = a.result("t", "m", "b", "cpu", "fp32", 1, 1, "accuracy", List.of(), "rapl", "COUNTER",
                "b", 0, null);
        assertEquals(0.25, r.energy().attribution().share(), 1e-12);
        assertEquals(1.25, r.energy().attribution().joulesGross(), 1e-12);
        assertEquals(1.0, r.energy().attribution().joulesNet(), 1e-12);

        TaskModelAggregator unknown = new TaskModelAggregator();
        unknown.add(sample(1, "x", 10, 4.0, 1.0, 1));
        unknown.addCpuTimes(-1, 4_000_000_000L);
        assertEquals(null, unknown.result("t", "m", "b", "cpu", "fp32", 1, 1, "accuracy", List.of(), "rapl",
                "COUNTER", "b", 0, null).energy().attribution());
    }

    @Test
    void idleDriftAboveTenPercentIsReported() {
        IdleBaseline before = new IdleBaseline(10, "COUNTER", 10, 100, "b", null);
        assertEquals(java.util.Optional.empty(), BenchmarkRun.idleDrift(before,
                new IdleBaseline(10.9, "COUNTER", 10, 109, "b", null)));
        String w = BenchmarkRun.idleDrift(before, new IdleBaseline(12, "COUNTER", 10, 120, "b", null)).orElseThrow();
        assertEquals(true, w.contains("10.000 W before") && w.contains("12.000 W after") && w.contains("+20.0%"), w);
    }
}
