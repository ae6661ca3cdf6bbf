package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.joulebench.meters.MeterConfig;
import org.junit.jupiter.api.Test;

class RunConfigTest {

    private static RunConfig withIdle(double seconds) {
        return new RunConfig("default", List.of(), null, 0, 1, 1, seconds, "auto", MeterConfig.system(), 1, 5, "r",
                "test");
    }

    @Test
    void zeroIdleSecondsMeansNoBaseline() {
        assertEquals(0, withIdle(0).idleSeconds());
    }

    @Test
    void negativeOrNonFiniteIdleSecondsAreRefused() {
        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withIdle(bad));
            assertTrue(e.getMessage().contains("0: no idle baseline"), e.getMessage());
        }
    }
}
