package org.joulebench.meters.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.joulebench.meters.FixedRateThread;
import org.joulebench.meters.CounterResetException;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Power;
import org.joulebench.meters.PowerTimeline;
import org.joulebench.meters.Sampler;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meter over a fake libnvidia-ml.so.1 compiled with gcc; time is the test's, and so is sampling. */
class NvmlMeterTest {

    private static final double EPS = 1e-9;
    private static final long MS = 1_000_000L;

    @TempDir
    static Path libs;

    private static FakeNvmlLibrary full;
    private static FakeNvmlLibrary noTotalEnergy;

    private final AtomicLong nanos = new AtomicLong(5_000 * MS);
    private FakeNvmlLibrary.Control gpu;

    @BeforeAll
    static void compile() throws Exception {
        full = FakeNvmlLibrary.compile(libs, "full");
        noTotalEnergy = FakeNvmlLibrary.compile(libs, "no-total-energy", "OMIT_TOTAL_ENERGY");
    }

    @BeforeEach
    void reset() {
        FakeNvmlLibrary.assumeCompiled(full, noTotalEnergy);
        noTotalEnergy.reset();
        gpu = full.reset();
    }

    private MeterConfig config(FakeNvmlLibrary lib) {
        return MeterConfig.system().withNvmlLibrary(lib.path().toString()).withTicker(nanos::get).withSampleHz(10);
    }

    /** A meter whose sampler the test drives through {@link NvmlMeter#sampleOnce}. */
    private NvmlMeter open(FakeNvmlLibrary lib) throws Exception {
        return (NvmlMeter) new NvmlMeterProvider(JnaNvml::load, false).open(config(lib));
    }

    private long advance(long millis) {
        return nanos.addAndGet(millis * MS);
    }

    private static void assertJoules(double expected, Energy actual) {
        assertEquals(expected, actual.joules(), EPS);
    }

    private static void assertJoules(double expected, Energy actual, String message) {
        assertEquals(expected, actual.joules(), EPS, message);
    }

    private static String uuid(int slot) {
        return String.format("GPU-00000000-0000-0000-0000-%012d", slot);
    }

    @Test
    void energyCountersGiveExactJoulesPerGpuAndSummed() throws Exception {
        gpu.fake_set_device_count(2);
        gpu.fake_set_energy_mj(0, 7_000_000);
        gpu.fake_set_energy_mj(1, 9_000_000);
        try (NvmlMeter meter = open(full)) {
            assertEquals(Method.COUNTER, meter.method());
            assertEquals(List.of(Domain.GPU), meter.domains());
            assertEquals("GPU boards (2) of this host, NVML total-energy counters", meter.boundary());

            Window w = meter.begin("two gpus");
            gpu.fake_set_energy_mj(0, 7_000_000 + 12_345);   // +12.345 J
            gpu.fake_set_energy_mj(1, 9_000_000 + 250_000);  // +250 J
            advance(2_000);
            Measurement m = w.end();

            assertEquals("two gpus", m.label());
            assertEquals(Method.COUNTER, m.method());
            assertEquals(Duration.ofSeconds(2), m.duration());
            assertJoules(262.345, m.byDomain().get(Domain.GPU));
            assertJoules(262.345, m.total());
            Map<String, Energy> byDevice = meter.byDevice(w);
            assertEquals(List.of(uuid(0), uuid(1)), List.copyOf(byDevice.keySet()));
            assertJoules(12.345, byDevice.get(uuid(0)));
            assertJoules(250.0, byDevice.get(uuid(1)));
            assertEquals(131.1725, m.averagePower().watts(), EPS);
        }
    }

    @Test
    void counterWindowsMayOverlap() throws Exception {
        gpu.fake_set_energy_mj(0, 0);
        try (NvmlMeter meter = open(full)) {
            Window outer = meter.begin("outer");
            gpu.fake_set_energy_mj(0, 1_000);
            Window inner = meter.begin("inner");
            gpu.fake_set_energy_mj(0, 3_000);
            assertJoules(2.0, inner.end().total());
            gpu.fake_set_energy_mj(0, 6_000);
            assertJoules(6.0, outer.end().total());
        }
    }

    @Test
    void aCounterThatGoesBackIsAResetNamingTheBoardNotAFigure() throws Exception {
        gpu.fake_set_energy_mj(0, 5_000);
        try (NvmlMeter meter = open(full)) {
            Window w = meter.begin("reset");
            advance(250);
            gpu.fake_set_energy_mj(0, 10);
            CounterResetException e = assertThrows(CounterResetException.class, w::end);
            assertEquals("GPU 0 (Fake GPU 0, " + uuid(0) + ")", e.zone());
            assertJoules(5.0, e.from());
            assertJoules(0.01, e.to());
            assertEquals(Duration.ofMillis(250), e.elapsed());
            assertEquals(-19.96, e.impliedPower().watts(), EPS);
            assertEquals(300.0, e.limit().watts(), EPS, "the board's enforced power limit");
            assertEquals("counter of GPU 0 (Fake GPU 0, " + uuid(0) + ") was reset: it read 5.000000 J, then 0.010000 J"
                    + " 0.250000 s later, and it can neither wrap nor count down: not energy, a reset", e.getMessage());

            assertEquals(1, meter.counterResets(), "the reset is counted, as RAPL's are");
            assertTrue(meter instanceof NvmlCounterMeter && meter.sampler() == null, "counters: no sampler runs");
            Window after = meter.begin("after");              // re-based on the new reading
            advance(1_000);
            gpu.fake_set_energy_mj(0, 10 + 42_000);
            assertJoules(42.0, after.end().total());
        }
    }

    @Test
    void aResetSeenByAPollFailsTheWindowsSpanningItAndThePollOnce() throws Exception {
        gpu.fake_set_device_count(2);
        gpu.fake_set_energy_mj(0, 50_000);
        gpu.fake_set_energy_mj(1, 70_000);
        try (NvmlMeter meter = open(full)) {
            assertEquals(Map.of(), meter.poll());
            Window spanning = meter.begin("spanning");
            advance(100);
            gpu.fake_set_energy_mj(1, 3);                    // board 1's driver reloaded
            CounterResetException e = assertThrows(CounterResetException.class, meter::poll);
            assertTrue(e.zone().contains(uuid(1)), e.zone());
            advance(1_000);
            gpu.fake_set_energy_mj(0, 50_000 + 100_000);
            gpu.fake_set_energy_mj(1, 3 + 70_000);           // beyond its value before the reset
            assertEquals(170.0, meter.poll().get(Domain.GPU).watts(), EPS, "the next poll is right again");
            CounterResetException again = assertThrows(CounterResetException.class, spanning::end);
            assertTrue(again.getMessage().contains(uuid(1)), again.getMessage());
        }
    }

    @Test
    void counterPollReportsTheAveragePowerOfAllBoardsSinceThePreviousPoll() throws Exception {
        gpu.fake_set_device_count(2);
        gpu.fake_set_energy_mj(0, 1_000_000);
        gpu.fake_set_energy_mj(1, 2_000_000);
        try (NvmlMeter meter = open(full)) {
            assertEquals(Duration.ofMillis(100), meter.updatePeriod());
            assertEquals(Optional.empty(), meter.requiredPollInterval(), "the 64-bit counter does not wrap");
            assertEquals(Map.of(), meter.poll(), "the first poll only sets the base");
            Window w = meter.begin("between polls");
            advance(2_000);
            gpu.fake_set_energy_mj(0, 1_000_000 + 300_000);
            gpu.fake_set_energy_mj(1, 2_000_000 + 100_000);
            assertEquals(Map.of(Domain.GPU, Power.ofWatts(200.0)), meter.poll()); // 400 J / 2 s
            assertEquals(Map.of(), meter.poll(), "no time passed since the previous poll");
            advance(1_000);
            gpu.fake_set_energy_mj(0, 1_000_000 + 350_000);
            assertEquals(50.0, meter.poll().get(Domain.GPU).watts(), EPS);
            assertJoules(450.0, w.end().total(), "polls in between neither add nor take energy");
        }
    }

    @Test
    void counterWindowsShorterThanTheCounterUpdatePeriodAreFlagged() throws Exception {
        try (NvmlMeter meter = open(full)) {
            Window shortOne = meter.begin("30 ms");
            advance(30);
            Measurement m = shortOne.end();
            assertEquals(Set.of(Measurement.Flag.SHORTER_THAN_UPDATE_PERIOD), m.flags());
            assertEquals(List.of("window of 30.0 ms is shorter than the energy counter's update period (100 ms): the"
                    + " counter may not have moved, or moved by one whole update"), ((NvmlWindow) shortOne).notes());
            assertEquals(1L, meter.details().get("short_windows"));

            Window longer = meter.begin("100 ms");
            advance(100);
            Measurement n = longer.end();
            assertFalse(n.shorterThanUpdatePeriod());
            assertEquals(List.of(), ((NvmlWindow) longer).notes());
            assertEquals(1L, meter.details().get("short_windows"));
        }
    }

    @Test
    void powerIntegrationPollReportsTheLatestSamplesAndAddsNone() throws Exception {
        gpu.fake_set_device_count(2);
        gpu.fake_set_energy_supported(0, 0);
        gpu.fake_set_power_mw(0, 100_000);
        gpu.fake_set_power_mw(1, 50_000);
        try (NvmlMeter meter = open(full)) {
            assertEquals(Method.POWER_INTEGRATION, meter.method());
            assertEquals(Duration.ofMillis(100), meter.updatePeriod(), "the sample period at 10 Hz");
            assertEquals(Map.of(), meter.poll(), "the first poll only sets the base");
            Window w = meter.begin("constant");
            for (int k = 0; k < 10; k++) {
                gpu.fake_set_power_mw(1, 50_000 + 1_000 * k);
                meter.sampleOnce(advance(100));
                assertEquals(150.0 + k, meter.poll().get(Domain.GPU).watts(), EPS);
                gpu.fake_set_power_mw(1, 50_000 + 1_000 * (k + 1)); // read by no poll: polls read no power
            }
            assertEquals(11L, meter.details().get("samples_taken"), "the sample at open and the ten above");
            gpu.fake_set_power_mw(1, 59_000);
            Measurement m = w.end();
            // board 0: 100 J; board 1: 50 W for the first 0.1 s, then trapezoids from 50 W up to 59 W: 5 + 49.05 J
            assertJoules(100.0 + 54.05, m.total());
            assertEquals(12L, meter.details().get("samples_taken"));
        }
    }

    @Test
    void powerIntegrationWindowsShorterThanOneSamplePeriodAreFlagged() throws Exception {
        gpu.fake_set_energy_supported(0, 0);
        try (NvmlMeter meter = open(full)) {
            meter.sampleOnce(advance(100));
            Window shortOne = meter.begin("30 ms");
            advance(30);
            assertTrue(shortOne.end().shorterThanUpdatePeriod());

            Window noted = meter.begin("150 ms");
            meter.sampleOnce(advance(100));
            advance(50);
            Measurement m = noted.end();
            assertFalse(m.shorterThanUpdatePeriod(), "longer than one sample period");
            assertEquals(1, ((NvmlWindow) noted).notes().size(), "but shorter than two: noted");
        }
    }

    @Test
    void aSamplerPollingBesideTheMetersOwnSamplerThreadBreaksAndDoublesNothing() throws Exception {
        gpu.fake_set_device_count(2);
        gpu.fake_set_energy_supported(0, 0);
        gpu.fake_set_power_mw(0, 120_000);
        gpu.fake_set_power_mw(1, 30_000);
        MeterConfig config = config(full).withTicker(Ticker.system()).withSampleHz(200);
        try (NvmlMeter meter = (NvmlMeter) new NvmlMeterProvider().open(config);
             Sampler sampler = new Sampler(List.of(meter), 100, 1_000, Ticker.system())) {
            assertTrue(meter.sampler().isAlive());
            sampler.start();
            for (int k = 0; k < 5; k++) {
                Window w = meter.begin("window " + k);
                Thread.sleep(40);
                Measurement m = w.end();
                // constant power: the integral is 150 W × the window's length, however many samples fell in it
                assertEquals(150.0 * m.duration().toNanos() / 1e9, m.total().joules(), 1e-6);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sampler.timeline().series("nvml", Domain.GPU).map(s -> s.points().size()).orElse(0) < 3
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            sampler.close();
            PowerTimeline.Series series = sampler.timeline().series("nvml", Domain.GPU).orElseThrow();
            assertTrue(series.points().size() >= 3, series.toString());
            series.points().forEach(p -> assertEquals(150.0, p.watts(), EPS));
            assertEquals(List.of(), sampler.errors());
            assertTrue(meter.sampler().isAlive(), "the meter's own sampler runs on");
            assertEquals(Optional.empty(), meter.sampler().failure());
        }
    }

    @Test
    void aLostGpuMidRunNamesTheMappedError() throws Exception {
        try (NvmlMeter meter = open(full)) {
            Window w = meter.begin("lost");
            gpu.fake_set_energy_result(0, 15);
            MeterReadException e = assertThrows(MeterReadException.class, w::end);
            assertEquals("cannot read the energy counter of GPU 0 (Fake GPU 0, " + uuid(0) + "):"
                    + " nvmlDeviceGetTotalEnergyConsumption failed: NVML_ERROR_GPU_IS_LOST (the GPU has fallen off"
                    + " the bus or otherwise become inaccessible): \"GPU is lost\"", e.getMessage());
        }
    }

    @Test
    void withoutTheCounterConstantPowerIsIntegrated() throws Exception {
        gpu.fake_set_device_count(2);
        gpu.fake_set_energy_supported(0, 0);   // pre-Volta board beside a Volta one: no mixing
        gpu.fake_set_power_mw(0, 150_000);
        gpu.fake_set_power_mw(1, 250_000);
        try (NvmlMeter meter = open(full)) {
            assertEquals(Method.POWER_INTEGRATION, meter.method());
            assertEquals("GPU boards (2) of this host, NVML power readings integrated at 10 Hz", meter.boundary());
            String reason = (String) meter.details().get("method_reason");
            assertTrue(reason.startsWith("GPU 0 (Fake GPU 0, " + uuid(0) + "): nvmlDeviceGetTotalEnergyConsumption"
                    + " failed: NVML_ERROR_NOT_SUPPORTED"), reason);
            assertTrue(reason.endsWith("(the counter needs Volta or newer); so every GPU is measured by power"
                    + " integration, and methods are never mixed"), reason);

            Window w = meter.begin("constant");
            for (int k = 0; k < 10; k++) {
                meter.sampleOnce(advance(100));
            }
            Measurement m = w.end();
            assertEquals(Method.POWER_INTEGRATION, m.method());
            assertEquals(Duration.ofSeconds(1), m.duration());
            assertJoules(400.0, m.total());
            assertJoules(400.0, m.byDomain().get(Domain.GPU));
            assertJoules(150.0, meter.byDevice(w).get(uuid(0)));
            assertJoules(250.0, meter.byDevice(w).get(uuid(1)));
            assertEquals(List.of(), ((NvmlWindow) w).notes());
        }
    }

    @Test
    void linearPowerIsIntegratedExactlyWithInterpolatedEdges() throws Exception {
        gpu.fake_set_energy_supported(0, 0);
        long t0 = nanos.get();
        // p(t) = 100 W + 100 W/s × t, sampled every 100 ms; the window runs from 0.25 s to 0.95 s
        gpu.fake_set_power_mw(0, 100_000);
        try (NvmlMeter meter = open(full)) {
            Window w = null;
            for (int k = 1; k <= 9; k++) {
                gpu.fake_set_power_mw(0, 100_000 + 10_000 * k);
                meter.sampleOnce(advance(100));
                if (k == 2) {
                    advance(50);
                    w = meter.begin("ramp");
                    advance(-50);
                }
            }
            nanos.set(t0 + 950 * MS);
            gpu.fake_set_power_mw(0, 195_000);
            Measurement m = w.end();
            // ∫0.25..0.95 (100 + 100 t) dt = 70 + 50 (0.95² − 0.25²) = 112 J
            assertJoules(112.0, m.total());
            assertEquals(Duration.ofMillis(700), m.duration());
        }
    }

    @Test
    void aWindowShorterThanTwoSamplePeriodsGetsAFlaggedValue() throws Exception {
        gpu.fake_set_energy_supported(0, 0);
        gpu.fake_set_power_mw(0, 200_000);
        try (NvmlMeter meter = open(full)) {
            meter.sampleOnce(advance(100));
            advance(10);
            Window w = meter.begin("short");
            advance(30);
            Measurement m = w.end();
            assertJoules(6.0, m.total());
            assertEquals(List.of("window of 30.0 ms is shorter than two sample periods (200.0 ms): its energy is"
                    + " interpolated from 1 power sample(s) and the readings around it"), ((NvmlWindow) w).notes());
            assertEquals(1L, meter.details().get("short_windows"));
        }
    }

    @Test
    void aMissingCounterSymbolDegradesToPowerIntegration() throws Exception {
        FakeNvmlLibrary.Control old = noTotalEnergy.control();
        old.fake_set_power_mw(0, 80_000);
        try (NvmlMeter meter = open(noTotalEnergy)) {
            assertEquals(Method.POWER_INTEGRATION, meter.method());
            assertEquals("GPU 0 (Fake GPU 0, " + uuid(0) + "): nvmlDeviceGetTotalEnergyConsumption not in this driver",
                    meter.details().get("method_reason"));
            Map<?, ?> device = (Map<?, ?>) ((List<?>) meter.details().get("devices")).get(0);
            assertEquals("nvmlDeviceGetTotalEnergyConsumption not in this driver", device.get("energy_counter"));
            assertEquals("POWER_INTEGRATION", device.get("method"));
            Window w = meter.begin("old driver");
            for (int k = 0; k < 5; k++) {
                meter.sampleOnce(advance(100));
            }
            assertJoules(40.0, w.end().total());
        }
    }

    /** Board {@code i} with neither the energy counter nor power readings: utilisation only. */
    private void utilisationOnly(int i) {
        gpu.fake_set_energy_supported(i, 0);
        gpu.fake_set_power_result(i, 3);
    }

    @Test
    void aUtilisationOnlyBoardIsEstimatedAndTheModelsPowerIntegratedExactly() throws Exception {
        utilisationOnly(0);
        gpu.fake_set_power_limit_mw(0, 300_000);             // P_max 300 W, so P_idle 90 W
        gpu.fake_set_utilization(0, 0, 0);
        try (NvmlMeter meter = open(full)) {
            assertEquals(Method.ESTIMATE, meter.method());
            assertEquals("GPU board (1) of this host, estimated from utilisation (ESTIMATE, not measured): NVML GPU"
                    + " utilisation sampled at 10 Hz, modelled as power and integrated", meter.boundary());
            assertEquals(Duration.ofMillis(100), meter.updatePeriod(), "the sample period at 10 Hz");

            Window w = meter.begin("0 % then 100 %");         // at the sample taken at open: 90 W
            for (int k = 0; k < 10; k++) {
                meter.sampleOnce(advance(100));              // 0 %: 90 W for 1 s
            }
            gpu.fake_set_utilization(0, 100, 40);
            for (int k = 0; k < 10; k++) {
                meter.sampleOnce(advance(100));              // 100 %: 300 W
            }
            Measurement m = w.end();
            // 90 W × 1 s + the trapezoid 90 → 300 W over 0.1 s + 300 W × 0.9 s = 90 + 19.5 + 270 J
            assertEquals(Method.ESTIMATE, m.method());
            assertEquals(Duration.ofSeconds(2), m.duration());
            assertJoules(379.5, m.total());
            assertJoules(379.5, m.byDomain().get(Domain.GPU));
            assertJoules(379.5, meter.byDevice(w).get(uuid(0)));
            assertEquals(List.of(), ((NvmlWindow) w).notes());
            assertEquals(22L, meter.details().get("samples_taken"), "at open, twenty, and at the window's end");
        }
    }

    @Test
    void anEstimatePollReportsTheModelsLatestPower() throws Exception {
        utilisationOnly(0);
        gpu.fake_set_utilization(0, 50, 0);                  // 90 + 0.5 × 210 = 195 W
        try (NvmlMeter meter = open(full)) {
            assertEquals(Map.of(), meter.poll(), "the first poll only sets the base");
            meter.sampleOnce(advance(100));
            assertEquals(195.0, meter.poll().get(Domain.GPU).watts(), EPS);
        }
    }

    @Test
    void oneUtilisationOnlyBoardPutsTheWholeMeterOnTheEstimateAndSaysWhich() throws Exception {
        gpu.fake_set_device_count(2);
        utilisationOnly(1);                                  // board 0 has counter and power: not mixed
        gpu.fake_set_power_limit_mw(1, 200_000);             // P_max 200 W, P_idle 60 W
        gpu.fake_set_utilization(0, 100, 0);                 // 300 W
        gpu.fake_set_utilization(1, 50, 0);                  // 60 + 0.5 × 140 = 130 W
        try (NvmlMeter meter = open(full)) {
            assertEquals(Method.ESTIMATE, meter.method());
            Map<String, Object> d = meter.details();
            assertEquals("ESTIMATE", d.get("method"));
            assertEquals(List.of("GPU 1 (Fake GPU 1, " + uuid(1) + ")"), d.get("boards_needing_estimate"));
            String reason = (String) d.get("method_reason");
            assertTrue(reason.startsWith("GPU 1 (Fake GPU 1, " + uuid(1) + ") has no energy counter ("), reason);
            assertTrue(reason.endsWith("; so every GPU's power is estimated from its utilisation (ESTIMATE, not"
                    + " measured), and methods are never mixed"), reason);
            List<?> devices = (List<?>) d.get("devices");
            Map<?, ?> first = (Map<?, ?>) devices.get(0);
            Map<?, ?> second = (Map<?, ?>) devices.get(1);
            assertEquals("ESTIMATE", first.get("method"));
            assertFalse(first.containsKey("power_reading"));
            assertEquals("nvmlDeviceGetPowerUsage failed: NVML_ERROR_NOT_SUPPORTED (the device does not support the"
                    + " requested feature): \"Not Supported\"", second.get("power_reading"));
            assertEquals(Map.of("p_max_w", 200.0, "p_max_source", "the enforced power limit"
                    + " (nvmlDeviceGetEnforcedPowerLimit)", "p_idle_w", 60.0), second.get("estimate"));

            Window w = meter.begin("both");
            for (int k = 0; k < 10; k++) {
                meter.sampleOnce(advance(100));
            }
            Measurement m = w.end();
            assertEquals(Method.ESTIMATE, m.method());
            assertJoules(300.0, meter.byDevice(w).get(uuid(0)));
            assertJoules(130.0, meter.byDevice(w).get(uuid(1)));
            assertJoules(430.0, m.total());
        }
    }

    @Test
    void anUnreadablePowerLimitUsesTheAssumedOneAndSaysSo() throws Exception {
        utilisationOnly(0);
        gpu.fake_set_power_limit_result(0, 3);
        gpu.fake_set_utilization(0, 40, 0);                  // 75 + 0.4 × (250 − 75) = 145 W
        try (NvmlMeter meter = open(full)) {
            Map<?, ?> device = (Map<?, ?>) ((List<?>) meter.details().get("devices")).get(0);
            assertFalse(device.containsKey("power_limit_w"));
            assertTrue(((List<?>) device.get("unreadable")).contains("power_limit_w: NVML_ERROR_NOT_SUPPORTED"));
            Map<?, ?> estimate = (Map<?, ?>) device.get("estimate");
            assertEquals(250.0, estimate.get("p_max_w"));
            assertEquals(75.0, estimate.get("p_idle_w"));
            assertEquals("assumed: 250 W, as the power limit could not be read (nvmlDeviceGetEnforcedPowerLimit:"
                    + " NVML_ERROR_NOT_SUPPORTED)", estimate.get("p_max_source"));

            Window w = meter.begin("assumed limit");
            for (int k = 0; k < 10; k++) {
                meter.sampleOnce(advance(100));
            }
            assertJoules(145.0, w.end().total());
        }
    }

    @Test
    void estimateDetailsCarryTheModelItsAssumptionsAndItsUncertainty() throws Exception {
        utilisationOnly(0);
        try (NvmlMeter meter = open(full)) {
            Map<String, Object> d = meter.details();
            assertEquals(0.5, d.get("relative_uncertainty"));
            assertEquals(java.util.OptionalDouble.of(0.5), meter.relativeUncertainty(), "typed, as details() states it");
            assertTrue(((String) d.get("uncertainty_note")).contains("no energy or power of these GPUs was measured"),
                    (String) d.get("uncertainty_note"));
            assertEquals("utilisation-linear GPU power model (ESTIMATE, not measured)", d.get("model"));
            assertEquals("P = P_idle + u_gpu × (P_max − P_idle); energy = the trapezoid integral of P over the"
                    + " window", d.get("formula"));
            assertEquals("P_idle = 0.3 × P_max", d.get("p_idle"));
            assertEquals(0.3, d.get("idle_fraction"));
            assertEquals(250.0, d.get("assumed_max_power_w"));
            assertTrue(((String) d.get("p_max")).startsWith("the board's enforced power limit"
                    + " (nvmlDeviceGetEnforcedPowerLimit, read at open), or 250 W assumed"), (String) d.get("p_max"));
            List<?> assumptions = (List<?>) d.get("assumptions");
            assertTrue(assumptions.get(0).toString().startsWith("GPUs idle at roughly a quarter to a third of their"
                    + " power limit"), assumptions.toString());
            assertEquals(4, assumptions.size());
            assertEquals(10.0, d.get("sample_hz"));
            assertTrue(((String) d.get("poll")).startsWith("the latest estimated power"), (String) d.get("poll"));
            Map<?, ?> device = (Map<?, ?>) ((List<?>) d.get("devices")).get(0);
            assertEquals(Map.of("p_max_w", 300.0, "p_max_source", "the enforced power limit"
                    + " (nvmlDeviceGetEnforcedPowerLimit)", "p_idle_w", 90.0), device.get("estimate"));
        }
    }

    @Test
    void countersAndMeasuredPowerStateNoUncertainty() throws Exception {
        try (NvmlMeter counter = open(full)) {
            assertFalse(counter.details().containsKey("relative_uncertainty"));
            assertTrue(counter.relativeUncertainty().isEmpty());
        }
        gpu.fake_set_energy_supported(0, 0);
        try (NvmlMeter power = open(full)) {
            assertEquals(Method.POWER_INTEGRATION, power.method());
            assertFalse(power.details().containsKey("relative_uncertainty"));
            assertTrue(power.relativeUncertainty().isEmpty());
        }
    }

    @Test
    void utilisationLostMidRunFailsTheWindowNamingIt() throws Exception {
        utilisationOnly(0);
        try (NvmlMeter meter = open(full)) {
            Window w = meter.begin("lost");
            advance(100);
            gpu.fake_set_utilization_result(0, 15);
            MeterReadException e = assertThrows(MeterReadException.class, w::end);
            assertEquals("cannot read the utilisation of GPU 0 (Fake GPU 0, " + uuid(0) + ") (its power is estimated"
                    + " from it): nvmlDeviceGetUtilizationRates failed: NVML_ERROR_GPU_IS_LOST (the GPU has fallen off"
                    + " the bus or otherwise become inaccessible): \"GPU is lost\"", e.getMessage());
        }
    }

    @Test
    void migInstancesAreMeasuredAsTheirParentBoard() throws Exception {
        gpu.fake_set_device_count(4);
        gpu.fake_set_mig_parent(1, 0);   // a MIG instance of board 0
        gpu.fake_set_mig_parent(2, 5);   // two instances of board 5, which is not enumerated itself
        gpu.fake_set_mig_parent(3, 5);
        gpu.fake_set_name(5, "NVIDIA A100-SXM4-80GB");
        gpu.fake_set_uuid(5, "GPU-a100-parent");
        gpu.fake_set_energy_mj(5, 100_000);
        try (NvmlMeter meter = open(full)) {
            List<?> devices = (List<?>) meter.details().get("devices");
            assertEquals(2, devices.size());
            Map<?, ?> parent = (Map<?, ?>) devices.get(1);
            assertEquals("GPU-a100-parent", parent.get("uuid"));
            assertEquals("NVIDIA A100-SXM4-80GB", parent.get("name"));
            assertEquals(List.of(2, 3), parent.get("reported_for_mig_indices"));
            assertEquals(List.of(1), ((Map<?, ?>) devices.get(0)).get("reported_for_mig_indices"));

            Window w = meter.begin("mig");
            gpu.fake_set_energy_mj(5, 130_000);
            w.end();
            assertJoules(30.0, meter.byDevice(w).get("GPU-a100-parent"));
            assertJoules(0.0, meter.byDevice(w).get(uuid(0)));
        }
    }

    @Test
    void detailsListTheBoardsAsTheyWereAtOpen() throws Exception {
        gpu.fake_set_device_count(2);
        gpu.fake_set_temperature_result(1, 3);
        try (NvmlMeter meter = open(full)) {
            Map<String, Object> d = meter.details();
            assertEquals("NVML", d.get("source"));
            assertEquals(full.path().toString(), d.get("library"));
            assertEquals("COUNTER", d.get("method"));
            assertFalse(d.containsKey("method_reason"));
            assertEquals(100, d.get("update_period_ms"));
            assertTrue(((String) d.get("update_note")).contains("about every 100 ms"));
            List<?> devices = (List<?>) d.get("devices");
            Map<String, Object> first = new java.util.LinkedHashMap<>();
            first.put("index", 0);
            first.put("uuid", uuid(0));
            first.put("name", "Fake GPU 0");
            first.put("method", "COUNTER");
            first.put("power_limit_w", 300.0);
            first.put("memory_total_bytes", 80L << 30);
            first.put("temperature_c", 40L);
            first.put("utilization_gpu_percent", 50L);
            first.put("utilization_memory_percent", 25L);
            first.put("graphics_clock_mhz", 1980L);
            first.put("sm_clock_mhz", 1980L);
            first.put("memory_clock_mhz", 2619L);
            assertEquals(first, devices.get(0));
            assertEquals(List.copyOf(first.keySet()), List.copyOf(((Map<?, ?>) devices.get(0)).keySet()));
            Map<?, ?> second = (Map<?, ?>) devices.get(1);
            assertFalse(second.containsKey("temperature_c"));
            assertEquals(List.of("temperature_c: NVML_ERROR_NOT_SUPPORTED"), second.get("unreadable"));
        }
    }

    @Test
    void closeShutsNvmlDownOnceAndEndsTheMeter() throws Exception {
        NvmlMeter meter = open(full);
        assertEquals(1, gpu.fake_init_refs());
        Window w = meter.begin("once");
        w.end();
        assertThrows(IllegalStateException.class, w::end);
        meter.close();
        meter.close();
        assertEquals(0, gpu.fake_init_refs());
        assertEquals(1, gpu.fake_init_calls());
        assertEquals(1, gpu.fake_shutdown_calls());
        assertThrows(IllegalStateException.class, () -> meter.begin("after close"));
    }

    @Test
    void samplesNoWindowNeedsAreDropped() throws Exception {
        gpu.fake_set_energy_supported(0, 0);
        try (NvmlMeter meter = open(full)) {
            for (int k = 0; k < 20; k++) {
                meter.sampleOnce(advance(100));
            }
            assertEquals(1, meter.samples(0).size());
            meter.sampleOnce(advance(100));
            advance(50);
            Window w = meter.begin("keeps one before");
            for (int k = 0; k < 5; k++) {
                meter.sampleOnce(advance(100));
            }
            assertEquals(6, meter.samples(0).size());
            w.end();
            meter.sampleOnce(advance(100));
            assertEquals(1, meter.samples(0).size());
        }
    }

    @Test
    void theSamplerThreadRunsAtTheConfiguredRateAndStopsAtClose() throws Exception {
        gpu.fake_set_energy_supported(0, 0);
        MeterConfig config = config(full).withTicker(Ticker.system()).withSampleHz(500);
        NvmlMeter meter = (NvmlMeter) new NvmlMeterProvider().open(config);
        FixedRateThread sampler = meter.sampler();
        assertTrue(sampler.isAlive());
        assertEquals(2_000_000, sampler.periodNanos());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((Long) meter.details().get("samples_taken") < 4 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue((Long) meter.details().get("samples_taken") >= 4, meter.details().toString());
        meter.close();
        assertFalse(sampler.isAlive());
        assertEquals(0, gpu.fake_init_refs());
    }

    @Test
    void aCounterMeterStartsNoSampler() throws Exception {
        try (NvmlMeter meter = (NvmlMeter) new NvmlMeterProvider().open(config(full))) {
            assertEquals(Method.COUNTER, meter.method());
            assertEquals(null, meter.sampler());
        }
    }
}
