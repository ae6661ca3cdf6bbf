package org.joulebench.meters.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Probe;
import org.joulebench.meters.Window;
import org.junit.jupiter.api.Test;

class EstimateMeterTest {

    private static final double EPS = 1e-9;
    private static final CpuIdentity CASCADE_LAKE_4 = new CpuIdentity("GenuineIntel",
            "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz", "6", "85", "Cascade Lake", 4);

    private final AtomicLong wallNanos = new AtomicLong(5_000);
    private final AtomicLong cpuNanos = new AtomicLong(70_000);
    private final MeterConfig config = new MeterConfig(Path.of("/nonexistent"), wallNanos::get, cpuNanos::get);

    private Meter open(CpuIdentity cpu) throws MeterUnavailableException {
        return new EstimateMeterProvider(() -> cpu).open(config);
    }

    @Test
    void energyFollowsTheCcfFormulaExactly() throws Exception {
        try (Meter meter = open(CASCADE_LAKE_4)) {
            Window w = meter.begin("infer");
            wallNanos.addAndGet(10_000_000_000L); // t = 10 s
            cpuNanos.addAndGet(5_000_000_000L);   // c = 5 s
            Measurement m = w.end();
            // 0.64 W × 4 vCPU × 10 s + (3.97 − 0.64) W × 5 s = 25.6 + 16.65
            assertEquals(42.25, m.total().joules(), EPS);
            assertEquals(42.25, m.byDomain().get(Domain.CPU_PACKAGE).joules(), EPS);
            assertEquals(Map.of(Domain.CPU_PACKAGE, m.total()), m.byDomain());
            assertEquals(Method.ESTIMATE, m.method());
            assertEquals(Duration.ofSeconds(10), m.duration());
            assertEquals("infer", m.label());
        }
    }

    @Test
    void idleWindowCostsOnlyTheIdleShare() throws Exception {
        try (Meter meter = open(CASCADE_LAKE_4)) {
            Window w = meter.begin("idle");
            wallNanos.addAndGet(2_000_000_000L);
            assertEquals(0.64 * 4 * 2, w.end().total().joules(), EPS);
        }
    }

    @Test
    void unknownCpuUsesCcfAverage() throws Exception {
        CpuIdentity unknown = new CpuIdentity("GenuineIntel", "Intel(R) Xeon(R) Gold 6438Y+", "6", "143",
                "Sapphire Rapids", 2);
        try (Meter meter = open(unknown)) {
            Window w = meter.begin("x");
            wallNanos.addAndGet(1_000_000_000L);
            cpuNanos.addAndGet(1_000_000_000L);
            // 0.74 × 2 × 1 + (3.5 − 0.74) × 1
            assertEquals(4.24, w.end().total().joules(), EPS);
            assertEquals("CCF average", meter.details().get("matched_row"));
            assertEquals("fallback", meter.details().get("match"));
        }
    }

    @Test
    void meterFactsAndDetails() throws Exception {
        try (Meter meter = open(CASCADE_LAKE_4)) {
            assertEquals("estimate", meter.id());
            assertEquals(Method.ESTIMATE, meter.method());
            assertEquals(List.of(Domain.CPU_PACKAGE), meter.domains());
            assertEquals("CPU package of this host, estimated from the CPU time of this process and the processes it started (ESTIMATE, not measured)",
                    meter.boundary());
            Map<String, Object> d = meter.details();
            assertEquals("CCF-style linear CPU power model", d.get("model"));
            assertEquals("E = min_w × vcpus × t + (max_w − min_w) × process_cpu_s", d.get("formula"));
            assertEquals(0.64, d.get("min_w_per_vcpu"));
            assertEquals(3.97, d.get("max_w_per_vcpu"));
            assertEquals(4, d.get("vcpus"));
            assertEquals("Cascade Lake", d.get("microarchitecture"));
            assertEquals("Cascade Lake", d.get("matched_row"));
            assertEquals("exact", d.get("match"));
            assertEquals(0.5, d.get("relative_uncertainty"));
            assertEquals(java.util.OptionalDouble.of(0.5), meter.relativeUncertainty(), "typed, as details() states it");
            String source = (String) d.get("source");
            assertTrue(source.startsWith("Cloud Carbon Footprint"), source);
            assertTrue(source.contains("AwsFootprintEstimationConstants.ts"), source);
            assertTrue(source.contains("Apache-2.0"), source);
            assertTrue(((String) d.get("uncertainty_note")).contains("no energy was measured"));
        }
    }

    @Test
    void withoutProcessCpuTimeTheEstimateIsUnavailable() {
        MeterConfig noCpu = config.withCpuClock(() -> -1);
        EstimateMeterProvider provider = new EstimateMeterProvider(() -> CASCADE_LAKE_4);
        Probe probe = provider.probe(noCpu);
        assertFalse(probe.isAvailable());
        assertTrue(probe.detail().startsWith("process CPU time is not available"), probe.detail());
        assertEquals(EstimateMeterProvider.NO_CPU_TIME_FIX, probe.fix().orElseThrow());
        MeterUnavailableException e = assertThrows(MeterUnavailableException.class, () -> provider.open(noCpu));
        assertEquals(probe.detail(), e.getMessage());
        assertEquals(probe.fix().orElseThrow(), e.fix());
    }

    @Test
    void probeIsAvailableWithCpuTimeAndDoesNotIdentifyTheCpu() {
        Probe probe = new EstimateMeterProvider(() -> {
            throw new AssertionError("probe must stay cheap: no CPU lookup");
        }).probe(config);
        assertTrue(probe.isAvailable(), probe.toString());
    }

    @Test
    void cpuClockLostMidWindowFailsTheWindow() throws Exception {
        try (Meter meter = open(CASCADE_LAKE_4)) {
            Window w = meter.begin("lost");
            cpuNanos.set(-1);
            assertThrows(MeterReadException.class, w::end);
        }
    }

    @Test
    void cpuTimeGoingBackwardsFailsTheWindow() throws Exception {
        try (Meter meter = open(CASCADE_LAKE_4)) {
            Window w = meter.begin("back");
            cpuNanos.addAndGet(-1);
            assertThrows(MeterReadException.class, w::end);
        }
    }

    @Test
    void windowEndsOnceAndClosedMeterStartsNoWindow() throws Exception {
        Meter meter = open(CASCADE_LAKE_4);
        Window w = meter.begin("once");
        w.end();
        assertThrows(IllegalStateException.class, w::end);
        meter.close();
        assertThrows(IllegalStateException.class, () -> meter.begin("after close"));
    }

    @Test
    void pollGivesTheModelsPowerFromCpuTimeDeltas() throws Exception {
        try (Meter meter = open(CASCADE_LAKE_4)) {
            assertEquals(Duration.ZERO, meter.updatePeriod(), "CPU time is read on demand");
            assertTrue(meter.requiredPollInterval().isEmpty());
            assertEquals(Map.of(), meter.poll(), "the first poll only sets the base");
            wallNanos.addAndGet(10_000_000_000L); // 10 s
            cpuNanos.addAndGet(5_000_000_000L);   // 5 s of CPU: half a vCPU on average
            // 0.64 W × 4 + (3.97 − 0.64) W × 5 s / 10 s = 2.56 + 1.665
            assertEquals(4.225, meter.poll().get(Domain.CPU_PACKAGE).watts(), EPS);
            wallNanos.addAndGet(2_000_000_000L);  // idle
            assertEquals(0.64 * 4, meter.poll().get(Domain.CPU_PACKAGE).watts(), EPS);
            assertEquals(Map.of(), meter.poll(), "no wall time passed: no average");
        }
    }

    @Test
    void pollWhoseCpuTimeWentBackwardsFailsAndTheNextOneMeasuresFromIt() throws Exception {
        try (Meter meter = open(CASCADE_LAKE_4)) {
            meter.poll();
            wallNanos.addAndGet(1_000_000_000L);
            cpuNanos.addAndGet(-1);
            assertThrows(MeterReadException.class, meter::poll);
            wallNanos.addAndGet(1_000_000_000L);
            cpuNanos.addAndGet(4_000_000_000L);   // all 4 vCPUs busy
            assertEquals(3.97 * 4, meter.poll().get(Domain.CPU_PACKAGE).watts(), EPS);
        }
    }

    @Test
    void providerFacts() {
        EstimateMeterProvider provider = new EstimateMeterProvider();
        assertEquals("estimate", provider.id());
        assertEquals(0, provider.priority());
        assertEquals(Method.ESTIMATE, provider.method());
    }
}
