package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ResultChecksTest {

    private static MeterInfo meter(String id, String status, Map<String, Object> details) {
        return new MeterInfo(id, "COUNTER", List.of(), status, "", null, "test", details);
    }

    private static RunResult withMeters(MeterInfo... meters) {
        return new RunResult(RunResult.SCHEMA, null, null, List.of(meters), null, List.of(), List.of());
    }

    @Test
    void thePowerBoundIsTheUsedMetersOwnElseTenKilowatts() {
        assertEquals(65.0, ResultChecks.maxWatts(withMeters(meter("rapl", "used", Map.of("max_power_w", 45.0)),
                meter("nvml", "used", Map.of("max_power_w", 20)), meter("msr", "unavailable", Map.of()))));
        assertEquals(ResultChecks.DEFAULT_MAX_WATTS, ResultChecks.maxWatts(withMeters(
                meter("rapl", "used", Map.of("max_power_w", 45.0)), meter("other", "used", Map.of()))),
                "one used meter without a bound: no bound can be trusted but the default");
        assertEquals(ResultChecks.DEFAULT_MAX_WATTS, ResultChecks.maxWatts(withMeters()));
    }

    @Test
    void aQueryMayDrawUpToTwiceTheBoundAndNotMore() {
        Path file = Path.of("q.csv");
        // 10 ms at a 50 W meter, plus 10 ms of slack: up to 2 J.
        QueryRecord ok = new QueryRecord("t", "m", "b", 1, "i", 3, 1.99, -0.1, 10, 1, "COUNTER");
        assertDoesNotThrow(() -> ResultChecks.query(ok, file, 2, 50));
        QueryRecord tooMuch = new QueryRecord("t", "m", "b", 1, "i", 3, 2.01, 1, 10, 1, "COUNTER");
        InputException e = assertThrows(InputException.class, () -> ResultChecks.query(tooMuch, file, 7, 50));
        assertTrue(e.getMessage().startsWith("q.csv:7: joules_gross is 2.01000 J in 10.0000 ms: more than 2.00000"
                + " × the meter's 50.0000 W could measure (2.00000 J)"), e.getMessage());
    }
}
