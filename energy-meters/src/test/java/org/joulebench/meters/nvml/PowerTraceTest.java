package org.joulebench.meters.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PowerTraceTest {

    private static final long MS = 1_000_000L;
    private static final double EPS = 1e-9;

    /** Samples every 100 ms from 0 to 1 s of {@code p(t) = a + b·t} watts. */
    private static PowerTrace linear(double a, double b) {
        PowerTrace trace = new PowerTrace();
        for (int k = 0; k <= 10; k++) {
            double t = k * 0.1;
            trace.add(k * 100 * MS, (a + b * t) * 1000);
        }
        return trace;
    }

    @Test
    void constantPowerOverOneSecond() {
        PowerTrace.Integral i = linear(150, 0).integrate(0, 1000 * MS);
        assertEquals(150.0, i.energy().joules(), EPS);
        assertEquals(11, i.samples());
        assertFalse(i.held());
    }

    @Test
    void linearPowerIsExactBetweenSamples() {
        // ∫0..1 (100 + 100 t) dt = 150 J
        assertEquals(150.0, linear(100, 100).integrate(0, 1000 * MS).energy().joules(), EPS);
    }

    @Test
    void edgesBetweenSamplesAreInterpolated() {
        // ∫0.25..0.95 (100 + 100 t) dt = 70 + 50 (0.95² − 0.25²) = 112 J
        PowerTrace.Integral i = linear(100, 100).integrate(250 * MS, 950 * MS);
        assertEquals(112.0, i.energy().joules(), EPS);
        assertEquals(7, i.samples());
    }

    @Test
    void aWindowBetweenTwoSamplesStillGetsAValue() {
        // ∫0.12..0.15 (100 + 100 t) dt = 3 + 50 (0.15² − 0.12²) = 3.405 J
        PowerTrace.Integral i = linear(100, 100).integrate(120 * MS, 150 * MS);
        assertEquals(3.405, i.energy().joules(), EPS);
        assertEquals(0, i.samples());
    }

    @Test
    void beyondTheSamplesPowerIsHeldAndFlagged() {
        PowerTrace trace = new PowerTrace();
        trace.add(100 * MS, 10_000);
        trace.add(200 * MS, 20_000);
        PowerTrace.Integral i = trace.integrate(0, 300 * MS);
        // 0.1 s × 10 W + 0.1 s × 15 W + 0.1 s × 20 W
        assertEquals(4.5, i.energy().joules(), EPS);
        assertTrue(i.held());
    }

    @Test
    void lateSamplesAreFiledInOrder() {
        PowerTrace trace = new PowerTrace();
        trace.add(0, 1_000);
        trace.add(200 * MS, 3_000);
        trace.add(100 * MS, 2_000);
        assertEquals(List.of(0L, 100 * MS, 200 * MS), trace.samples().stream().map(PowerTrace.Sample::nanos).toList());
        assertEquals(2_000, trace.valueAt(100 * MS), EPS);
    }

    @Test
    void retainFromKeepsTheLastSampleBeforeThePoint() {
        PowerTrace trace = linear(100, 0);
        trace.retainFrom(550 * MS);
        assertEquals(500 * MS, trace.samples().get(0).nanos());
        assertEquals(6, trace.size());
        trace.retainFrom(600 * MS);
        assertEquals(600 * MS, trace.samples().get(0).nanos());
        trace.retainFrom(Long.MAX_VALUE);
        assertEquals(List.of(1000 * MS), trace.samples().stream().map(PowerTrace.Sample::nanos).toList());
    }

    @Test
    void badIntervalsAreRejected() {
        assertThrows(IllegalStateException.class, () -> new PowerTrace().integrate(0, 1));
        assertThrows(IllegalArgumentException.class, () -> linear(1, 0).integrate(2, 1));
    }
}
