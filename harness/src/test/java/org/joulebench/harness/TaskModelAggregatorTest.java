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
}
