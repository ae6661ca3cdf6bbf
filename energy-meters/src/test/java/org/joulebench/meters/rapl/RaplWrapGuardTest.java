package org.joulebench.meters.rapl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.joulebench.meters.CounterResetException;
import org.joulebench.meters.CpuClock;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.PowerTimeline;
import org.joulebench.meters.Sampler;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wraps followed by polls, resets, the required poll interval and short windows, on fake powercap trees. */
class RaplWrapGuardTest {

    private static final double EPS = 1e-9;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    /** 100 J: the counter wraps every 0.2 s at the default 500 W. */
    private static final long SMALL_MAX_UJ = 100_000_000L;

    @TempDir
    Path tmp;

    private final AtomicLong nanos = new AtomicLong(1_000);

    private MeterConfig config(Path root) {
        return new MeterConfig(root, nanos::get, CpuClock.process());
    }

    private Meter open(FakePowercap tree) throws Exception {
        return new RaplMeterProvider().open(config(tree.root()));
    }

    @Test
    void twoWrapsWithinOneWindowAreCaughtByPollsInBetween() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zoneIn(tree.root(), "intel-rapl:0", "package-0", 90_000_000, SMALL_MAX_UJ);
        try (Meter meter = open(tree)) {
            Window w = meter.begin("two wraps");
            nanos.addAndGet(150 * MS);
            tree.energy(pkg, 40_000_000);            // wrapped: +50 J
            meter.poll();
            nanos.addAndGet(150 * MS);
            tree.energy(pkg, 95_000_000);            // +55 J
            meter.poll();
            nanos.addAndGet(150 * MS);
            tree.energy(pkg, 20_000_000);            // wrapped again: +25 J
            Measurement m = w.end();
            assertEquals(130.0, m.byDomain().get(Domain.CPU_PACKAGE).joules(), EPS);
            assertEquals(130.0, m.total().joules(), EPS);
            assertEquals(Duration.ofMillis(450), m.duration());
        }
    }

    @Test
    void overlappingWindowsReadThroughTheSameAccumulator() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zoneIn(tree.root(), "intel-rapl:0", "package-0", 90_000_000, SMALL_MAX_UJ);
        try (Meter meter = open(tree)) {
            Window outer = meter.begin("outer");
            nanos.addAndGet(150 * MS);
            tree.energy(pkg, 10_000_000);            // wrapped: +20 J
            Window inner = meter.begin("inner");     // its read is a poll for the outer window too
            nanos.addAndGet(150 * MS);
            tree.energy(pkg, 80_000_000);            // +70 J
            assertEquals(70.0, inner.end().total().joules(), EPS);
            nanos.addAndGet(150 * MS);
            tree.energy(pkg, 5_000_000);             // wrapped: +25 J
            assertEquals(115.0, outer.end().total().joules(), EPS);
        }
    }

    @Test
    void readsFurtherApartThanAWrapFailTheWindowInsteadOfGuessing() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zoneIn(tree.root(), "intel-rapl:0", "package-0", 90_000_000, SMALL_MAX_UJ);
        try (Meter meter = open(tree)) {
            Window w = meter.begin("paused");
            nanos.addAndGet(500 * MS);               // 2.5 wraps at the zone's 500 W: how many happened is unknown
            tree.energy(pkg, 40_000_000);
            MeterReadException e = assertThrows(MeterReadException.class, w::end);
            assertTrue(e.getMessage().startsWith("window 'paused' cannot be measured: the counters were not read for"
                    + " 0.500 s, longer than the 0.200 s in which one can wrap"), e.getMessage());
            Window next = meter.begin("after");       // the guard's reads are close again: windows work
            nanos.addAndGet(100 * MS);
            tree.energy(pkg, 60_000_000);
            assertEquals(20.0, next.end().total().joules(), EPS);
        }
    }

    @Test
    void theMetersOwnGuardKeepsAWindowRightAcrossWrapsThatNobodyElseReads() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zoneIn(tree.root(), "intel-rapl:0", "package-0", 0, SMALL_MAX_UJ);
        // Real time: the guard thread runs only on the system ticker. A feeder adds 0.5 J every 2 ms or so, at most
        // 250 W (the zone wraps at 100 J, the guard reads every 0.1 s), for 350 J: three wraps and a half. Each
        // value is swapped in whole, as sysfs shows it, so that the guard never reads a half-written file.
        try (Meter meter = new RaplMeterProvider().open(new MeterConfig(tree.root(), Ticker.system(),
                CpuClock.process()))) {
            Window w = meter.begin("fed");
            long fed = 0;
            while (fed < 350_000_000L) {
                fed += 500_000L;
                Path next = pkg.resolve("energy_uj.next");
                java.nio.file.Files.writeString(next, Long.toString(fed % SMALL_MAX_UJ));
                java.nio.file.Files.move(next, pkg.resolve("energy_uj"),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                java.util.concurrent.locks.LockSupport.parkNanos(2 * MS);
            }
            Measurement m = w.end();
            assertEquals(350.0, m.total().joules(), EPS, "every wrap seen by the guard alone");
        }
    }

    @Test
    void oneWrapWithoutPollsInBetweenIsStillRight() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", FakePowercap.MAX_UJ - 3_000_000_000L);
        try (Meter meter = open(tree)) {
            Window w = meter.begin("one wrap");
            nanos.addAndGet(60 * S);
            tree.energy(pkg, 7_000_000_000L);        // 3 kJ to the wrap + 7 kJ after it, 167 W
            assertEquals(10_000.0, w.end().total().joules(), EPS);
        }
    }

    @Test
    void resetFailsTheWindowThatSpansItAndTheNextWindowIsRight() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", FakePowercap.MAX_UJ / 2);
        Path dram = tree.subzone(pkg, "intel-rapl:0:0", "dram", 1_000_000);
        try (Meter meter = open(tree)) {
            Window spanning = meter.begin("spanning");
            nanos.addAndGet(MS);
            tree.energy(pkg, 1_000);                 // mid-range to near zero in 1 ms
            tree.energy(dram, 1_000_100);
            CounterResetException e = assertThrows(CounterResetException.class, spanning::end);
            assertEquals("RAPL zone intel-rapl:0 (package-0)", e.zone());
            assertEquals(FakePowercap.MAX_UJ / 2 / 1e6, e.from().joules(), EPS);
            assertEquals(0.001, e.to().joules(), EPS);
            assertEquals(Duration.ofMillis(1), e.elapsed());
            assertEquals(500.0, e.limit().watts(), EPS);
            assertTrue(e.impliedPower().watts() > 1e8, e.impliedPower().toString());
            assertTrue(e.getMessage().contains("intel-rapl:0 (package-0)"), e.getMessage());
            assertTrue(e.getMessage().contains("500.0 W"), e.getMessage());
            assertTrue(e.getMessage().contains("reset"), e.getMessage());

            Window after = meter.begin("after");
            nanos.addAndGet(S);
            tree.energy(pkg, 1_000 + 50_000_000);    // +50 J
            tree.energy(dram, 1_000_100 + 4_000_000); // +4 J
            Measurement m = after.end();
            assertEquals(50.0, m.byDomain().get(Domain.CPU_PACKAGE).joules(), EPS);
            assertEquals(54.0, m.total().joules(), EPS);
        }
    }

    @Test
    void pollRebasesAfterAResetThrowsItOnceAndRecovers() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 5_000_000_000L);
        try (Meter meter = open(tree)) {
            assertEquals(Map.of(), meter.poll());
            nanos.addAndGet(MS);
            tree.energy(pkg, 10);
            assertThrows(CounterResetException.class, meter::poll);
            nanos.addAndGet(S);
            tree.energy(pkg, 10 + 80_000_000);       // 80 J in 1 s
            assertEquals(80.0, meter.poll().get(Domain.CPU_PACKAGE).watts(), EPS);
        }
    }

    @Test
    void windowOverAResetSeenByAPollStillFails() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 5_000_000_000L);
        try (Meter meter = open(tree)) {
            Window w = meter.begin("spans");
            nanos.addAndGet(MS);
            tree.energy(pkg, 10);
            assertThrows(CounterResetException.class, meter::poll);
            nanos.addAndGet(S);
            tree.energy(pkg, 10 + 1_000_000);
            assertThrows(CounterResetException.class, w::end);
        }
    }

    @Test
    void counterStartingAboveItsRangeThatDropsFailsTheWindow() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zoneIn(tree.root(), "intel-rapl:0", "package-0", 2_000_000_000L, 1_000_000_000L);
        try (Meter meter = open(tree)) {
            Window w = meter.begin("above");
            nanos.addAndGet(S);
            tree.energy(pkg, 10);
            MeterReadException e = assertThrows(MeterReadException.class, w::end);
            assertTrue(e.getMessage().contains("not a wrap, a reset"), e.getMessage());
        }
    }

    @Test
    void pollReportsAveragePowerPerDomainSinceThePreviousPoll() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg0 = tree.zone("intel-rapl:0", "package-0", 0);
        Path dram0 = tree.subzone(pkg0, "intel-rapl:0:0", "dram", 0);
        Path pkg1 = tree.zone("intel-rapl:1", "package-1", 0);
        try (Meter meter = open(tree)) {
            assertEquals(Map.of(), meter.poll(), "the first poll only sets the base");
            nanos.addAndGet(2 * S);
            tree.energy(pkg0, 100_000_000);
            tree.energy(pkg1, 60_000_000);
            tree.energy(dram0, 10_000_000);
            var power = meter.poll();
            assertEquals(80.0, power.get(Domain.CPU_PACKAGE).watts(), EPS); // (100 + 60) J / 2 s
            assertEquals(5.0, power.get(Domain.DRAM).watts(), EPS);
            assertEquals(List.of(Domain.CPU_PACKAGE, Domain.DRAM), List.copyOf(power.keySet()));
        }
    }

    @Test
    void requiredPollIntervalIsHalfTheShortestWrapFromConstraint0MaxPower() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 0);              // 262 kJ
        tree.limit(pkg, "constraint_0_max_power_uw", 250_000_000);         // 250 W: wraps in 1048.57 s
        Path dram = tree.zoneIn(pkg, "intel-rapl:0:0", "dram", 0, 60_000_000_000L); // 60 kJ
        tree.limit(dram, "constraint_0_max_power_uw", 100_000_000);        // 100 W: wraps in 600 s
        tree.limit(dram, "constraint_0_power_limit_uw", 10_000_000);       // ignored: max power is there
        try (Meter meter = open(tree)) {
            assertEquals(Duration.ofSeconds(300), meter.requiredPollInterval().orElseThrow());
            String reason = meter.pollRequirement().orElseThrow().reason();
            assertTrue(reason.contains("intel-rapl:0:0 (dram)"), reason);
            assertTrue(reason.contains("600 s"), reason);
            assertTrue(reason.contains("100 W, from constraint_0_max_power_uw"), reason);
            List<?> limits = (List<?>) meter.details().get("zone_limits");
            assertEquals(Map.of("zone", "intel-rapl:0", "max_power_w", 250.0,
                    "max_power_source", "constraint_0_max_power_uw",
                    "shortest_wrap_s", 1048.5733154), limits.get(0));
            assertEquals(300.0, meter.details().get("required_poll_interval_s"));
        }
    }

    @Test
    void maxPowerFallsBackToTwiceTheLongTermLimitThenToDefaults() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 0);
        tree.limit(pkg, "constraint_0_max_power_uw", 0);                   // 0 means unknown
        tree.limit(pkg, "constraint_0_power_limit_uw", 65_000_000);        // PL1 65 W → 130 W
        Path dram = tree.subzone(pkg, "intel-rapl:0:0", "dram", 0);
        Path psys = tree.zone("intel-rapl:1", "psys", 0);
        tree.limit(psys, "constraint_0_power_limit_uw", 28_000_000);       // PL1 28 W → 56 W
        tree.limit(psys, "constraint_1_power_limit_uw", 90_000_000);       // PL2 90 W is higher
        ZoneSet set = new PowercapScanner(ZoneFiles.system()).scan(tree.root());
        assertEquals(List.of(130_000_000L, 100_000_000L, 90_000_000L),
                set.zones().stream().map(Zone::maxPowerUw).toList());
        assertEquals("2 × constraint_0_power_limit_uw", set.zones().get(0).maxPowerSource());
        assertTrue(set.zones().get(1).maxPowerSource().startsWith("default for dram"));
        assertTrue(set.zones().get(2).maxPowerSource().startsWith("constraint_1_power_limit_uw"));
        assertEquals(dram, set.zones().get(1).dir());
    }

    @Test
    void samplerRejectsARateTooSlowForAZone() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 0);
        tree.zoneIn(pkg, "intel-rapl:0:2", "dram", 0, 1_000_000_000L);     // 1 kJ at 500 W: wraps in 2 s
        tree.limit(pkg.resolve("intel-rapl:0:2"), "constraint_0_max_power_uw", 500_000_000);
        try (Meter meter = open(tree)) {
            assertEquals(Duration.ofSeconds(1), meter.requiredPollInterval().orElseThrow());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Sampler(List.of(meter), 0.5, 10, nanos::get));
            assertTrue(e.getMessage().contains("0.5 Hz"), e.getMessage());
            assertTrue(e.getMessage().contains("intel-rapl:0:2 (dram)"), e.getMessage());
            assertTrue(e.getMessage().contains("sample at 1 Hz or more"), e.getMessage());
            try (Sampler ok = new Sampler(List.of(meter), config(tree.root()))) { // 10 Hz
                assertEquals(Duration.ofMillis(100), ok.period());
            }
        }
    }

    @Test
    void samplerRecordsRaplPowerAndResetsWithoutStopping() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 1_000_000_000L);
        try (Meter meter = open(tree); Sampler sampler = new Sampler(List.of(meter), config(tree.root()))) {
            sampler.pollNow();                                    // base
            nanos.addAndGet(100 * MS);
            tree.energy(pkg, 1_005_000_000L);                     // 5 J in 0.1 s
            sampler.pollNow();
            nanos.addAndGet(100 * MS);
            tree.energy(pkg, 7);                                  // reset
            sampler.pollNow();
            nanos.addAndGet(100 * MS);
            tree.energy(pkg, 7 + 3_000_000);                      // 3 J in 0.1 s
            sampler.pollNow();
            PowerTimeline.Series s = sampler.timeline().series("rapl", Domain.CPU_PACKAGE).orElseThrow();
            assertEquals(List.of(50.0, 30.0), s.points().stream().map(PowerTimeline.Point::watts).toList());
            assertEquals(List.of(0.1, 0.3), s.points().stream().map(PowerTimeline.Point::seconds).toList());
            assertEquals(1, sampler.errors().size());
            assertInstanceOf(CounterResetException.class, sampler.errors().get(0).error());
            assertEquals("rapl", sampler.errors().get(0).meterId());
        }
    }

    @Test
    void windowShorterThanTheUpdatePeriodIsFlagged() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        tree.zone("intel-rapl:0", "package-0", 0);
        try (Meter meter = open(tree)) {
            assertEquals(Duration.ofMillis(1), meter.updatePeriod());
            Window shortOne = meter.begin("0.5 ms");
            nanos.addAndGet(500_000);
            Measurement m = shortOne.end();
            assertTrue(m.shorterThanUpdatePeriod());
            assertEquals(java.util.Set.of(Measurement.Flag.SHORTER_THAN_UPDATE_PERIOD), m.flags());

            Window longer = meter.begin("5 ms");
            nanos.addAndGet(5 * MS);
            Measurement n = longer.end();
            assertFalse(n.shorterThanUpdatePeriod());
            assertTrue(n.flags().isEmpty());
        }
    }
}
