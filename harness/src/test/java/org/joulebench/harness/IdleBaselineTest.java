package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Net energy and idle drift, defined once on {@link IdleBaseline}. */
class IdleBaselineTest {

    private static IdleBaseline measured(double watts) {
        return new IdleBaseline(watts, "COUNTER", 10, watts * 10, "b", null);
    }

    @Test
    void netIsGrossLessIdlePowerOverTheWindow() {
        assertEquals(7.0, IdleBaseline.net(10.0, 1.5, 2.0), 1e-12);
        assertEquals(-1.0, IdleBaseline.net(2.0, 1.5, 2.0), 1e-12, "below idle is kept as measured");
        assertEquals(4.0, measured(3).net(10.0, 2.0), 1e-12);
    }

    @Test
    void noBaselineSubtractsNothingAndIsNotAFigure() {
        IdleBaseline none = IdleBaseline.none("COUNTER", "b", null, List.of());
        assertFalse(none.measured());
        assertTrue(measured(3).measured());
        assertEquals(10.0, none.net(10.0, 2.0), 1e-12, "net = gross");
        assertEquals(Optional.empty(), none.driftTo(measured(3)), "no drift from a baseline never measured");
        assertEquals(Optional.empty(), measured(3).driftTo(none));
    }

    @Test
    void driftIsRelativeToTheBaselineBeforeAndNoFigureFromZero() {
        assertEquals(0.2, measured(10).driftTo(measured(12)).orElseThrow(), 1e-12);
        assertEquals(-0.5, measured(10).driftTo(measured(5)).orElseThrow(), 1e-12);
        assertEquals(Optional.empty(), measured(0).driftTo(measured(5)), "relative to 0 W is no figure");
        assertEquals(Optional.empty(), measured(10).driftTo(null));
    }

    @Test
    void theRunWarnsOfDriftOnlyBeyondTheLimitAndNeverFromZero() {
        assertTrue(BenchmarkRun.idleDrift(measured(10), measured(11.5)).isPresent());
        assertFalse(BenchmarkRun.idleDrift(measured(10), measured(10.5)).isPresent());
        assertFalse(BenchmarkRun.idleDrift(measured(0), measured(5)).isPresent());
    }

    @Test
    void resultsJsonKeepsItsShape() throws Exception {
        JsonNode json = ResultCodec.mapper().valueToTree(IdleBaseline.none("COUNTER", "b", null, List.of()));
        assertFalse(json.has("measured"), json.toString());
        assertEquals(0.0, json.get("seconds").asDouble(), "a run without a baseline says so by a window of 0 s");
    }
}
