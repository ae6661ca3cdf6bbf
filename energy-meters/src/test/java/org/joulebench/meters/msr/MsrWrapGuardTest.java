package org.joulebench.meters.msr;

import static org.joulebench.meters.msr.FakeMsr.AMD_CORE;
import static org.joulebench.meters.msr.FakeMsr.AMD_PKG;
import static org.joulebench.meters.msr.FakeMsr.AMD_UNIT;
import static org.joulebench.meters.msr.FakeMsr.AMD_UNIT_ESU_16;
import static org.joulebench.meters.msr.FakeMsr.INTEL_DRAM;
import static org.joulebench.meters.msr.FakeMsr.INTEL_PKG;
import static org.joulebench.meters.msr.FakeMsr.INTEL_PKG_POWER_INFO;
import static org.joulebench.meters.msr.FakeMsr.INTEL_PKG_POWER_LIMIT;
import static org.joulebench.meters.msr.FakeMsr.INTEL_PP0;
import static org.joulebench.meters.msr.FakeMsr.INTEL_UNIT;
import static org.joulebench.meters.msr.FakeMsr.INTEL_UNIT_ESU_14;
import static org.joulebench.meters.msr.FakeMsr.INTEL_UNIT_ESU_24;
import static org.joulebench.meters.msr.FakeMsr.counts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.joulebench.meters.CounterResetException;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.Power;
import org.joulebench.meters.PowerTimeline;
import org.joulebench.meters.Sampler;
import org.joulebench.meters.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wraps followed by polls, resets, the required poll interval, short windows and the DRAM unit of
 * Intel's server parts, on sparse files as MSR devices (as {@code RaplWrapGuardTest} for powercap).
 */
class MsrWrapGuardTest {

    private static final double EPS = 1e-9;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    /** Counts are 2^-24 J at {@link FakeMsr#INTEL_UNIT_ESU_24}: the 32-bit counter holds 256 J. */
    private static final int ESU_24 = 24;

    @TempDir
    Path tmp;

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final FakeMsrAccess access = new FakeMsrAccess();

    private MeterConfig config(FakeMsr msr) {
        return msr.config(nanos::get);
    }

    private Meter open(FakeMsr msr) throws Exception {
        return open(msr, FakeMsr.cpuInfo("GenuineIntel"));
    }

    private Meter open(FakeMsr msr, CpuInfo cpuInfo) throws Exception {
        return new MsrMeterProvider(access, cpuInfo).open(config(msr));
    }

    /** One Intel package on cpu0 with the given unit register and package counter. */
    private static FakeMsr intel(Path tmp, long unit, long pkgCounts) {
        return FakeMsr.in(tmp).cpu(0, 0).write(0, INTEL_UNIT, unit).write(0, INTEL_PKG, pkgCounts);
    }

    @Test
    void twoWrapsWithinOneWindowAreCaughtByPollsInBetween() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_24, counts(200, ESU_24));
        try (Meter meter = open(msr)) {
            Window w = meter.begin("two wraps");
            nanos.addAndGet(200 * MS);
            msr.write(0, INTEL_PKG, counts(40, ESU_24));          // wrapped: +96 J
            meter.poll();
            nanos.addAndGet(200 * MS);
            msr.write(0, INTEL_PKG, counts(180, ESU_24));         // +140 J
            meter.poll();
            nanos.addAndGet(200 * MS);
            msr.write(0, INTEL_PKG, counts(20, ESU_24));          // wrapped again: +96 J
            Measurement m = w.end();
            assertEquals(332.0, m.byDomain().get(Domain.CPU_PACKAGE).joules(), EPS);
            assertEquals(332.0, m.total().joules(), EPS);
            assertEquals(Duration.ofMillis(600), m.duration());
        }
    }

    @Test
    void overlappingWindowsReadThroughTheSameAccumulator() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_24, counts(200, ESU_24));
        try (Meter meter = open(msr)) {
            Window outer = meter.begin("outer");
            nanos.addAndGet(200 * MS);
            msr.write(0, INTEL_PKG, counts(10, ESU_24));          // wrapped: +66 J
            Window inner = meter.begin("inner");                  // its read is a poll for the outer window too
            nanos.addAndGet(200 * MS);
            msr.write(0, INTEL_PKG, counts(130, ESU_24));         // +120 J
            assertEquals(120.0, inner.end().total().joules(), EPS);
            nanos.addAndGet(200 * MS);
            msr.write(0, INTEL_PKG, counts(5, ESU_24));           // wrapped: +131 J
            assertEquals(317.0, outer.end().total().joules(), EPS);
        }
    }

    @Test
    void oneWrapWithoutPollsInBetweenIsStillRight() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_14, (1L << 32) - counts(3_000, 14)); // 3 kJ below the top
        try (Meter meter = open(msr)) {
            Window w = meter.begin("one wrap");
            nanos.addAndGet(60 * S);
            msr.write(0, INTEL_PKG, counts(7_000, 14));           // 3 kJ to the wrap + 7 kJ after it, 167 W
            assertEquals(10_000.0, w.end().total().joules(), EPS);
        }
    }

    @Test
    void resetFailsTheWindowThatSpansItAndTheNextWindowIsRight() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_14, counts(100_000, 14)).write(0, INTEL_DRAM, counts(1, 14));
        try (Meter meter = open(msr)) {
            Window spanning = meter.begin("spanning");
            nanos.addAndGet(MS);
            msr.write(0, INTEL_PKG, 10);                          // mid-range to near zero in 1 ms
            msr.write(0, INTEL_DRAM, counts(1.0625, 14));
            CounterResetException e = assertThrows(CounterResetException.class, spanning::end);
            assertEquals("MSR_PKG_ENERGY_STATUS (0x611) on " + msr.device(0) + " (package 0)", e.zone());
            assertEquals(100_000.0, e.from().joules(), EPS);
            assertEquals(10 / 16384.0, e.to().joules(), EPS);
            assertEquals(Duration.ofMillis(1), e.elapsed());
            assertEquals(500.0, e.limit().watts(), EPS);
            assertTrue(e.impliedPower().watts() > 1e8, e.impliedPower().toString());
            assertTrue(e.getMessage().contains("MSR_PKG_ENERGY_STATUS (0x611) on " + msr.device(0)), e.getMessage());
            assertTrue(e.getMessage().contains("500.0 W"), e.getMessage());
            assertTrue(e.getMessage().contains("reset"), e.getMessage());

            Window after = meter.begin("after");
            nanos.addAndGet(S);
            msr.write(0, INTEL_PKG, 10 + counts(50, 14));         // +50 J
            msr.write(0, INTEL_DRAM, counts(1.0625 + 4, 14));     // +4 J
            Measurement m = after.end();
            assertEquals(50.0, m.byDomain().get(Domain.CPU_PACKAGE).joules(), EPS);
            assertEquals(54.0, m.total().joules(), EPS);
        }
    }

    @Test
    void pollRebasesAfterAResetThrowsItOnceAndRecovers() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_14, counts(5_000, 14));
        try (Meter meter = open(msr)) {
            assertEquals(Map.of(), meter.poll());
            nanos.addAndGet(MS);
            msr.write(0, INTEL_PKG, 10);
            assertThrows(CounterResetException.class, meter::poll);
            nanos.addAndGet(S);
            msr.write(0, INTEL_PKG, 10 + counts(80, 14));         // 80 J in 1 s
            assertEquals(80.0, meter.poll().get(Domain.CPU_PACKAGE).watts(), EPS);
        }
    }

    @Test
    void windowOverAResetSeenByAPollStillFails() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_14, counts(5_000, 14));
        try (Meter meter = open(msr)) {
            Window w = meter.begin("spans");
            nanos.addAndGet(MS);
            msr.write(0, INTEL_PKG, 10);
            assertThrows(CounterResetException.class, meter::poll);
            nanos.addAndGet(S);
            msr.write(0, INTEL_PKG, 10 + counts(1, 14));
            assertThrows(CounterResetException.class, w::end);
        }
    }

    @Test
    void pollReportsAveragePowerPerDomainSinceThePreviousPoll() throws Exception {
        FakeMsr msr = FakeMsr.in(tmp).cpu(0, 0).cpu(1, 1)
                .write(0, INTEL_UNIT, INTEL_UNIT_ESU_14).write(0, INTEL_PKG, 1).write(0, INTEL_DRAM, 1)
                .write(1, INTEL_UNIT, FakeMsr.AMD_UNIT_ESU_16).write(1, INTEL_PKG, 1); // package 1 counts 2^-16 J
        try (Meter meter = open(msr)) {
            assertEquals(Map.of(), meter.poll(), "the first poll only sets the base");
            nanos.addAndGet(2 * S);
            msr.write(0, INTEL_PKG, 1 + counts(100, 14));
            msr.write(1, INTEL_PKG, 1 + counts(60, 16));
            msr.write(0, INTEL_DRAM, 1 + counts(10, 14));
            Map<Domain, Power> power = meter.poll();
            assertEquals(80.0, power.get(Domain.CPU_PACKAGE).watts(), EPS); // (100 + 60) J / 2 s
            assertEquals(5.0, power.get(Domain.DRAM).watts(), EPS);
            assertEquals(List.of(Domain.CPU_PACKAGE, Domain.DRAM), List.copyOf(power.keySet()));
            assertEquals(Map.of(), meter.poll(), "no time passed since the previous poll");
        }
    }

    @Test
    void requiredPollIntervalIsHalfTheShortestWrapFromPkgPowerInfo() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_14, 1)                       // 2^32 counts = 262144 J
                .write(0, INTEL_PKG_POWER_INFO, FakeMsr.powerInfo(250))      // 250 W: wraps in 1048.576 s
                .write(0, INTEL_DRAM, 1)                                     // 100 W default: 2621.44 s
                .write(0, INTEL_PP0, 1);                                     // inside the package: 250 W
        try (Meter meter = open(msr)) {
            assertEquals(Duration.ofMillis(524_288), meter.requiredPollInterval().orElseThrow());
            String reason = meter.pollRequirement().orElseThrow().reason();
            assertEquals("counter MSR_PKG_ENERGY_STATUS (0x611) on " + msr.device(0) + " (package 0) can wrap in"
                    + " 1048.576 s (2^32 counts of 2^-14 J = 262144 J at up to 250 W, from MSR_PKG_POWER_INFO (0x614)"
                    + " bits 30:16), so it must be read at least every 524.288 s", reason);
            Map<?, ?> pkg = (Map<?, ?>) ((List<?>) meter.details().get("packages")).get(0);
            assertEquals(250.0, pkg.get("max_power_w"));
            assertEquals("MSR_PKG_POWER_INFO (0x614) bits 30:16", pkg.get("max_power_source"));
            List<?> limits = (List<?>) meter.details().get("counter_limits");
            assertEquals(Map.of("counter", "MSR_DRAM_ENERGY_STATUS (0x619) on " + msr.device(0) + " (package 0)",
                    "energy_unit_joules", 1.0 / 16384, "counter_range_joules", 262_144.0, "max_power_w", 100.0,
                    "max_power_source", "default for dram counters", "shortest_wrap_s", 2621.44), limits.get(1));
            Map<?, ?> pp0 = (Map<?, ?>) limits.get(2);
            assertEquals(250.0, pp0.get("max_power_w"));
            assertEquals("the package's, which contains it: MSR_PKG_POWER_INFO (0x614) bits 30:16",
                    pp0.get("max_power_source"));
            assertEquals(524.288, meter.details().get("required_poll_interval_s"));
            assertEquals(0.001, meter.details().get("update_period_s"));
        }
    }

    @Test
    void maxPowerFallsBackToTheDefaultAndAHigherPl2RaisesIt() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_14, 1);                      // POWER_INFO reads 0
        try (Meter meter = open(msr)) {
            Map<?, ?> pkg = (Map<?, ?>) ((List<?>) meter.details().get("packages")).get(0);
            assertEquals(500.0, pkg.get("max_power_w"));
            assertEquals("default for packages whose MSR_PKG_POWER_INFO (0x614) is unreadable or gives no maximum",
                    pkg.get("max_power_source"));
            // 262144 J / 500 W / 2
            assertEquals(Duration.ofMillis(262_144), meter.requiredPollInterval().orElseThrow());
        }
        msr.write(0, INTEL_PKG_POWER_INFO, FakeMsr.powerInfo(150)).write(0, INTEL_PKG_POWER_LIMIT,
                FakeMsr.powerLimitPl2(1024));
        try (Meter meter = open(msr)) {
            Map<?, ?> pkg = (Map<?, ?>) ((List<?>) meter.details().get("packages")).get(0);
            assertEquals(1024.0, pkg.get("max_power_w"));
            assertEquals("MSR_PKG_POWER_LIMIT (0x610) PL2 bits 46:32 (short-term limit above MSR_PKG_POWER_INFO"
                    + " (0x614) bits 30:16)", pkg.get("max_power_source"));
            assertEquals(Duration.ofMillis(128_000), meter.requiredPollInterval().orElseThrow()); // 262144 / 1024 / 2
        }
        access.failRegister(INTEL_PKG_POWER_INFO).failRegister(INTEL_PKG_POWER_LIMIT);
        try (Meter meter = open(msr)) {
            Map<?, ?> pkg = (Map<?, ?>) ((List<?>) meter.details().get("packages")).get(0);
            assertEquals(500.0, pkg.get("max_power_w"), "unreadable limit registers leave the default");
        }
    }

    @Test
    void amdPackagesAndCoresUseTheDefaults() throws Exception {
        FakeMsr msr = FakeMsr.in(tmp).cpu(0, 0, 0).cpu(1, 0, 1)
                .write(0, AMD_UNIT, AMD_UNIT_ESU_16).write(0, AMD_PKG, 1).write(0, AMD_CORE, 1).write(1, AMD_CORE, 1);
        try (Meter meter = open(msr, FakeMsr.cpuInfo("AuthenticAMD", 25, 1))) {
            // 2^32 × 2^-16 J = 65536 J: the package at 500 W wraps in 131.072 s, a core at 100 W in 655.36 s
            assertEquals(Duration.ofMillis(65_536), meter.requiredPollInterval().orElseThrow());
            List<?> limits = (List<?>) meter.details().get("counter_limits");
            assertEquals("default for amd packages (no power-info register)",
                    ((Map<?, ?>) limits.get(0)).get("max_power_source"));
            assertEquals(100.0, ((Map<?, ?>) limits.get(1)).get("max_power_w"));
            assertEquals("default for per-core counters", ((Map<?, ?>) limits.get(1)).get("max_power_source"));
            assertEquals("AuthenticAMD family 25 model 0x1", meter.details().get("cpu_model"));
        }
    }

    @Test
    void samplerRejectsARateTooSlowForACounter() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_24, 1);                      // 256 J at 500 W: wraps in 0.512 s
        try (Meter meter = open(msr)) {
            assertEquals(Duration.ofMillis(256), meter.requiredPollInterval().orElseThrow());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Sampler(List.of(meter), 2, 10, nanos::get));
            assertTrue(e.getMessage().contains("2 Hz"), e.getMessage());
            assertTrue(e.getMessage().contains("MSR_PKG_ENERGY_STATUS (0x611)"), e.getMessage());
            assertTrue(e.getMessage().contains("sample at 3.91 Hz or more"), e.getMessage());
            try (Sampler ok = new Sampler(List.of(meter), config(msr))) { // 10 Hz
                assertEquals(Duration.ofMillis(100), ok.period());
            }
        }
    }

    @Test
    void samplerRecordsMsrPowerAndResetsWithoutStopping() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_14, counts(1_000, 14));
        try (Meter meter = open(msr); Sampler sampler = new Sampler(List.of(meter), config(msr))) {
            sampler.pollNow();                                               // base
            nanos.addAndGet(100 * MS);
            msr.write(0, INTEL_PKG, counts(1_005, 14));                      // 5 J in 0.1 s
            sampler.pollNow();
            nanos.addAndGet(100 * MS);
            msr.write(0, INTEL_PKG, 7);                                      // reset
            sampler.pollNow();
            nanos.addAndGet(100 * MS);
            msr.write(0, INTEL_PKG, 7 + counts(3, 14));                      // 3 J in 0.1 s
            sampler.pollNow();
            PowerTimeline.Series s = sampler.timeline().series("msr", Domain.CPU_PACKAGE).orElseThrow();
            assertEquals(List.of(50.0, 30.0), s.points().stream().map(PowerTimeline.Point::watts).toList());
            assertEquals(List.of(0.1, 0.3), s.points().stream().map(PowerTimeline.Point::seconds).toList());
            assertEquals(1, sampler.errors().size());
            assertInstanceOf(CounterResetException.class, sampler.errors().get(0).error());
            assertEquals("msr", sampler.errors().get(0).meterId());
        }
    }

    @Test
    void windowShorterThanTheUpdatePeriodIsFlagged() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_14, 1);
        try (Meter meter = open(msr)) {
            assertEquals(Duration.ofMillis(1), meter.updatePeriod());
            Window shortOne = meter.begin("0.5 ms");
            nanos.addAndGet(500_000);
            Measurement m = shortOne.end();
            assertTrue(m.shorterThanUpdatePeriod());
            assertEquals(Set.of(Measurement.Flag.SHORTER_THAN_UPDATE_PERIOD), m.flags());

            Window longer = meter.begin("5 ms");
            nanos.addAndGet(5 * MS);
            Measurement n = longer.end();
            assertFalse(n.shorterThanUpdatePeriod());
            assertTrue(n.flags().isEmpty());
        }
    }

    @Test
    void serverXeonDramCountsInAFixedTwoToTheMinus16Joules() throws Exception {
        // Skylake-SP: the unit register says 2^-14 J, but DRAM counts in 2^-16 J; the package keeps 2^-14 J.
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_14, 1).write(0, INTEL_DRAM, 1);
        try (Meter meter = open(msr, FakeMsr.cpuInfo("GenuineIntel", 6, 0x55))) {
            Window w = meter.begin("xeon");
            nanos.addAndGet(S);
            msr.write(0, INTEL_PKG, 1 + counts(40, 14));
            msr.write(0, INTEL_DRAM, 1 + counts(6, 16));                     // 393216 counts: 6 J, not 24 J
            Measurement m = w.end();
            assertEquals(40.0, m.byDomain().get(Domain.CPU_PACKAGE).joules(), 0.0);
            assertEquals(6.0, m.byDomain().get(Domain.DRAM).joules(), 0.0);
            assertEquals(46.0, m.total().joules(), 0.0);

            Map<String, Object> d = meter.details();
            assertEquals("GenuineIntel family 6 model 0x55", d.get("cpu_model"));
            Map<?, ?> pkg = (Map<?, ?>) ((List<?>) d.get("packages")).get(0);
            assertEquals(14, pkg.get("energy_status_unit"));
            assertEquals(16, pkg.get("dram_energy_status_unit"));
            assertEquals(1.0 / 65536, pkg.get("dram_energy_unit_joules"));
            assertEquals("fixed 2^-16 J on Skylake-SP / Cascade Lake / Cooper Lake (GenuineIntel family 6 model 0x55),"
                    + " whose MSR_DRAM_ENERGY_STATUS ignores MSR_RAPL_POWER_UNIT (0x606)",
                    pkg.get("dram_energy_unit_source"));
            Map<?, ?> dram = (Map<?, ?>) ((List<?>) d.get("counter_limits")).get(1);
            assertEquals(65_536.0, dram.get("counter_range_joules"));
            assertEquals(655.36, dram.get("shortest_wrap_s"));
        }
    }

    @Test
    void theFixedDramUnitAlsoAppliesUnderTheVendorOverride() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_14, 1).write(0, INTEL_DRAM, 1);
        MsrMeterProvider provider = new MsrMeterProvider(access, FakeMsr.cpuInfo("GenuineIntel", 6, 0x8F));
        try (Meter meter = provider.open(config(msr).withCpuVendor("intel"))) {
            Window w = meter.begin("sapphire rapids");
            nanos.addAndGet(S);
            msr.write(0, INTEL_DRAM, 1 + counts(3, 16));
            assertEquals(3.0, w.end().byDomain().get(Domain.DRAM).joules(), 0.0);
            Map<?, ?> pkg = (Map<?, ?>) ((List<?>) meter.details().get("packages")).get(0);
            assertTrue(((String) pkg.get("dram_energy_unit_source")).startsWith("fixed 2^-16 J on Sapphire Rapids"));
        }
    }

    @Test
    void clientAndUnknownCpusCountDramInTheUnitRegistersUnit() throws Exception {
        FakeMsr msr = intel(tmp, INTEL_UNIT_ESU_14, 1).write(0, INTEL_DRAM, 1);
        for (CpuInfo cpu : List.of(FakeMsr.cpuInfo("GenuineIntel", 6, 0x8C),   // Tiger Lake: a client part
                FakeMsr.cpuInfo("GenuineIntel", 15, 0x55),                      // not family 6
                FakeMsr.cpuInfo("GenuineIntel"))) {                             // no model line
            nanos.addAndGet(S);
            msr.write(0, INTEL_DRAM, 1);
            try (Meter meter = open(msr, cpu)) {
                Window w = meter.begin("client");
                nanos.addAndGet(S);
                msr.write(0, INTEL_DRAM, 1 + counts(6, 14));
                assertEquals(6.0, w.end().byDomain().get(Domain.DRAM).joules(), 0.0);
                Map<?, ?> pkg = (Map<?, ?>) ((List<?>) meter.details().get("packages")).get(0);
                assertEquals(14, pkg.get("dram_energy_status_unit"));
                assertTrue(((String) pkg.get("dram_energy_unit_source")).startsWith("MSR_RAPL_POWER_UNIT (0x606)"));
            }
        }
        try (Meter meter = open(msr, FakeMsr.cpuInfo("GenuineIntel"))) {
            Map<?, ?> pkg = (Map<?, ?>) ((List<?>) meter.details().get("packages")).get(0);
            assertTrue(((String) pkg.get("dram_energy_unit_source")).contains("the CPU model is unknown"),
                    pkg.toString());
            assertEquals("unknown", meter.details().get("cpu_model"));
        }
    }
}
