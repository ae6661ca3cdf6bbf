package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one metric definition: names and aliases, direction, per-item and aggregate values. */
class MetricTest {

    @Test
    void idsAndTheirAliasesNameTheSameMetric() throws InputException {
        for (Metric m : Metric.values()) {
            assertEquals(m, Metric.byId(m.id()));
            assertEquals(m, Metric.byId(m.id().replace('_', '-')));
            assertEquals(m, Metric.byId(" " + m.id().toUpperCase(java.util.Locale.ROOT) + " "));
        }
        InputException e = assertThrows(InputException.class, () -> Metric.byId("joules"));
        assertTrue(e.getMessage().contains("unknown metric 'joules'"), e.getMessage());
    }

    @Test
    void directions() {
        assertEquals(Metric.Direction.LOWER_IS_BETTER, Metric.J_PER_QUERY.direction());
        assertEquals(Metric.Direction.LOWER_IS_BETTER, Metric.J_PER_GENERATED_TOKEN.direction());
        assertEquals(Metric.Direction.HIGHER_IS_BETTER, Metric.TOKENS_PER_S.direction());
        assertEquals(Metric.Direction.THE_TASKS, Metric.ACCURACY.direction());
    }

    @Test
    void perItemValuesLeaveOutQueriesThatCannotFormThem() {
        List<QueryRecord> reps = List.of(
                new QueryRecord("t", "m", "b", 1, "i", 10, 3, 2, 100, 1, "COUNTER"),
                new QueryRecord("t", "m", "b", 2, "i", 30, 5, 4, 200, 0, "COUNTER"),
                new QueryRecord("t", "m", "b", 3, "i", 0, Double.NaN, Double.NaN, 0, Double.NaN, "COUNTER"));
        assertEquals(3.0, Metric.J_PER_QUERY.perItem(reps), 1e-12);
        assertEquals(6.0 / 40, Metric.J_PER_TOKEN.perItem(reps), 1e-12);
        assertEquals(40 / 0.3, Metric.TOKENS_PER_S.perItem(reps), 1e-9);
        assertEquals(0.5, Metric.ACCURACY.perItem(reps), 1e-12);
        assertTrue(Double.isNaN(Metric.J_PER_QUERY.perItem(List.of(reps.get(2)))), "nothing measured is NaN, not 0");
        assertFalse(Metric.J_PER_GENERATED_TOKEN.perItem());
        assertEquals(List.of(Metric.J_PER_QUERY, Metric.J_PER_TOKEN, Metric.TOKENS_PER_S, Metric.ACCURACY),
                Metric.perItemMetrics());
    }

    @Test
    void aggregatesComeFromTheResultWithTheirIntervals() {
        TaskModelResult r = new TaskModelResult("t", "m", "b", "cpu", "fp32", 1, 3, 12, 96,
                new TaskModelResult.Accuracy("accuracy@1", 0.5, List.of(0.25, 0.75), 4, "items", Map.of()),
                new TaskModelResult.EnergyResult("estimate", "ESTIMATE", "fixture", "query", 6, 6,
                        Stat.of(0.5, 0.4, 0.6, 3, "repetitions"), Stat.of(0.0625, 0.05, 0.07, 3, "repetitions"), 0,
                        0.5),
                new TaskModelResult.Throughput(Stat.of(100, 90, 110, 3, "repetitions"), 12.5),
                new TaskModelResult.Latency(80, 95));
        assertEquals(new Metric.Figure(0.5, 0.4, 0.6), Metric.J_PER_QUERY.aggregate(r));
        assertEquals(new Metric.Figure(0.0625, 0.05, 0.07), Metric.J_PER_TOKEN.aggregate(r));
        assertEquals(new Metric.Figure(100.0, 90.0, 110.0), Metric.TOKENS_PER_S.aggregate(r));
        assertEquals(new Metric.Figure(0.5, 0.25, 0.75), Metric.ACCURACY.aggregate(r));
        Metric.Figure none = Metric.J_PER_GENERATED_TOKEN.aggregate(r);
        assertNull(none.value(), "an embedding result generates no tokens: absent, not 0");
    }

    @Test
    void aComparisonRefusesAMetricWithoutPerItemValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ComparisonSettings.of(List.of(Metric.J_PER_GENERATED_TOKEN), 0.05));
        assertTrue(e.getMessage().contains("j_per_generated_token has no per-item value"), e.getMessage());
    }
}
