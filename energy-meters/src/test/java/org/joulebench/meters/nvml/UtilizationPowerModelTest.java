package org.joulebench.meters.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UtilizationPowerModelTest {

    private static final double EPS = 1e-9;

    private static GpuDevice board(Map<String, Object> facts, List<String> unreadable) {
        return new GpuDevice(0, 100, "GPU-0", "Board 0", Optional.of("no counter"), Optional.of("no power"), List.of(),
                facts, unreadable);
    }

    @Test
    void linearFromIdleAtThirtyPercentOfTheLimitToTheLimit() {
        UtilizationPowerModel model = UtilizationPowerModel.of(board(Map.of("power_limit_w", 300.0), List.of()));
        assertTrue(model.maxPowerRead());
        assertEquals(90.0, model.idlePower().watts(), EPS);
        assertEquals(90.0, model.at(0).watts(), EPS);
        assertEquals(195.0, model.at(50).watts(), EPS);
        assertEquals(300.0, model.at(100).watts(), EPS);
    }

    @Test
    void utilisationOutsideZeroToHundredIsClamped() {
        UtilizationPowerModel model = UtilizationPowerModel.of(board(Map.of("power_limit_w", 300.0), List.of()));
        assertEquals(300.0, model.at(250).watts(), EPS);
        assertEquals(90.0, model.at(-5).watts(), EPS);
    }

    @Test
    void anUnreadableOrZeroLimitIsAssumedAndSaysWhy() {
        UtilizationPowerModel unreadable = UtilizationPowerModel.of(board(Map.of(),
                List.of("power_limit_w: not in this driver")));
        assertFalse(unreadable.maxPowerRead());
        assertEquals(250.0, unreadable.maxPower().watts(), EPS);
        assertEquals(75.0, unreadable.idlePower().watts(), EPS);
        assertEquals("assumed: 250 W, as the power limit could not be read (nvmlDeviceGetEnforcedPowerLimit: not in"
                + " this driver)", unreadable.maxPowerSource());

        UtilizationPowerModel zero = UtilizationPowerModel.of(board(Map.of("power_limit_w", 0.0), List.of()));
        assertEquals(250.0, zero.maxPower().watts(), EPS);
        assertEquals("assumed: 250 W, as the power limit could not be read (nvmlDeviceGetEnforcedPowerLimit read 0.0"
                + " W)", zero.maxPowerSource());
    }
}
