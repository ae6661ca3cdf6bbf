package org.joulebench.meters.msr;

import static org.joulebench.meters.msr.FakeMsr.AMD_CORE;
import static org.joulebench.meters.msr.FakeMsr.AMD_PKG;
import static org.joulebench.meters.msr.FakeMsr.AMD_UNIT;
import static org.joulebench.meters.msr.FakeMsr.AMD_UNIT_ESU_16;
import static org.joulebench.meters.msr.FakeMsr.INTEL_DRAM;
import static org.joulebench.meters.msr.FakeMsr.INTEL_PKG;
import static org.joulebench.meters.msr.FakeMsr.INTEL_PP0;
import static org.joulebench.meters.msr.FakeMsr.INTEL_PP1;
import static org.joulebench.meters.msr.FakeMsr.INTEL_PSYS;
import static org.joulebench.meters.msr.FakeMsr.INTEL_UNIT;
import static org.joulebench.meters.msr.FakeMsr.INTEL_UNIT_ESU_14;
import static org.joulebench.meters.msr.FakeMsr.counts;
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
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MsrMeterTest {

    @TempDir
    Path tmp;

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final FakeMsrAccess access = new FakeMsrAccess();

    /** Counters move in time: energy in no time at all is a reset (see {@link MsrWrapGuardTest}). */
    private void aSecondPasses() {
        nanos.addAndGet(1_000_000_000L);
    }

    private MeterConfig config(FakeMsr msr) {
        return msr.config(nanos::get);
    }

    private Meter open(FakeMsr msr, String vendorId) throws Exception {
        return new MsrMeterProvider(access, FakeMsr.cpuInfo(vendorId)).open(config(msr));
    }

    /** Units are powers of two and the deltas whole counts, so every figure is exact. */
    private static void assertJoules(double expected, Energy actual) {
        assertEquals(expected, actual.joules(), 0.0);
    }

    /** cpu0 and cpu1 in package 0; package, dram, pp0 and psys counting, pp1 reading 0. */
    private static FakeMsr intelLaptop(Path tmp) {
        return FakeMsr.in(tmp).cpu(0, 0).cpu(1, 0)
                .write(0, INTEL_UNIT, INTEL_UNIT_ESU_14)
                .write(0, INTEL_PKG, 1_000)
                .write(0, INTEL_DRAM, 2_000)
                .write(0, INTEL_PP0, 3_000)
                .write(0, INTEL_PSYS, 4_000);
    }

    @Test
    void intelSinglePackageReportsEveryDomainButTotalsPackageAndDramOnly() throws Exception {
        FakeMsr msr = intelLaptop(tmp);
        try (Meter meter = open(msr, "GenuineIntel")) {
            assertEquals("msr", meter.id());
            assertEquals(Method.COUNTER, meter.method());
            assertEquals(List.of(Domain.CPU_PACKAGE, Domain.CPU_CORE, Domain.DRAM, Domain.PSYS), meter.domains());
            assertEquals("CPU package (1) + DRAM (1) of this host, RAPL MSR counters", meter.boundary());

            Window w = meter.begin("laptop");
            msr.write(0, INTEL_PKG, 1_000 + counts(10, 14));    // +10 J
            msr.write(0, INTEL_DRAM, 2_000 + counts(2.5, 14));  // +2.5 J
            msr.write(0, INTEL_PP0, 3_000 + counts(6, 14));     // +6 J, inside package
            msr.write(0, INTEL_PSYS, 4_000 + counts(20, 14));   // +20 J, contains everything
            nanos.addAndGet(2_000_000_000L);
            Measurement m = w.end();

            assertEquals("laptop", m.label());
            assertEquals(Method.COUNTER, m.method());
            assertEquals(Duration.ofSeconds(2), m.duration());
            assertJoules(10.0, m.byDomain().get(Domain.CPU_PACKAGE));
            assertJoules(2.5, m.byDomain().get(Domain.DRAM));
            assertJoules(6.0, m.byDomain().get(Domain.CPU_CORE));
            assertJoules(20.0, m.byDomain().get(Domain.PSYS));
            assertFalse(m.byDomain().containsKey(Domain.CPU_UNCORE));
            assertJoules(12.5, m.total());
            assertEquals(6.25, m.averagePower().watts(), 0.0);
        }
        assertEquals(List.of(msr.device(0)), access.opened, "cpu1 shares package 0 and is not read");
    }

    @Test
    void oneCountIsOneOverTwoToTheEnergyStatusUnit() throws Exception {
        FakeMsr msr = intelLaptop(tmp);
        try (Meter meter = open(msr, "GenuineIntel")) {
            Window w = meter.begin("one count");
            msr.write(0, INTEL_PKG, 1_001);
            Measurement m = w.end();
            assertEquals(61.035e-6, m.total().joules(), 0.0005e-6);
            assertJoules(1.0 / 16384, m.total());
        }
    }

    @Test
    void intelTwoPackagesAreReadOnTheirLowestNumberedCpus() throws Exception {
        // Package 0: cpus 0-3 and siblings 8, 9; package 1: cpus 4-7 and siblings 10, 11. Read as text,
        // "10" sorts before "4": the leader of package 1 must still be cpu4.
        FakeMsr msr = FakeMsr.in(tmp);
        for (int cpu = 0; cpu < 12; cpu++) {
            msr.cpu(cpu, cpu < 4 || cpu == 8 || cpu == 9 ? 0 : 1);
        }
        msr.write(0, INTEL_UNIT, INTEL_UNIT_ESU_14).write(0, INTEL_PKG, 100).write(0, INTEL_DRAM, 200)
                .write(0, INTEL_PSYS, 300);
        msr.write(4, INTEL_UNIT, 0x000A_1003L).write(4, INTEL_PKG, 400).write(4, INTEL_DRAM, 500)
                .write(4, INTEL_PSYS, 600); // package 1 counts in 2^-16 J; psys is one per platform
        msr.write(1, INTEL_UNIT, INTEL_UNIT_ESU_14).write(1, INTEL_PKG, 5);
        msr.write(10, INTEL_UNIT, INTEL_UNIT_ESU_14).write(10, INTEL_PKG, 5);
        try (Meter meter = open(msr, "GenuineIntel")) {
            assertEquals(List.of(msr.device(0), msr.device(4)), access.opened);
            assertEquals("CPU packages (2) + DRAM (2) of this host, RAPL MSR counters", meter.boundary());
            Window w = meter.begin("dual");
            msr.write(0, INTEL_PKG, 100 + counts(30, 14));
            msr.write(0, INTEL_DRAM, 200 + counts(4, 14));
            msr.write(0, INTEL_PSYS, 300 + counts(90, 14));
            msr.write(4, INTEL_PKG, 400 + counts(50, 16));
            msr.write(4, INTEL_DRAM, 500 + counts(6, 16));
            msr.write(4, INTEL_PSYS, 600 + counts(1000, 16));
            msr.write(1, INTEL_PKG, 999_999);
            aSecondPasses();
            Measurement m = w.end();
            assertJoules(80.0, m.byDomain().get(Domain.CPU_PACKAGE));
            assertJoules(10.0, m.byDomain().get(Domain.DRAM));
            assertJoules(90.0, m.byDomain().get(Domain.PSYS));
            assertJoules(90.0, m.total());

            List<?> packages = (List<?>) meter.details().get("packages");
            assertEquals(2, packages.size());
            Map<?, ?> second = (Map<?, ?>) packages.get(1);
            assertEquals(1, second.get("package"));
            assertEquals(4, second.get("cpu"));
            assertEquals(1.0 / 65536, second.get("energy_unit_joules"));
            assertEquals(List.of("MSR_PKG_ENERGY_STATUS", "MSR_DRAM_ENERGY_STATUS"),
                    ((List<?>) second.get("registers")).stream().map(r -> ((Map<?, ?>) r).get("register")).toList());
        }
    }

    @Test
    void amdTotalsThePackageAndSumsCoreEnergyOverPhysicalCores() throws Exception {
        // One package, two cores with two threads each: cpu0/cpu2 on core 0, cpu1/cpu3 on core 1.
        FakeMsr msr = FakeMsr.in(tmp).cpu(0, 0, 0).cpu(1, 0, 1).cpu(2, 0, 0).cpu(3, 0, 1)
                .write(0, AMD_UNIT, AMD_UNIT_ESU_16)
                .write(0, AMD_PKG, 7_000)
                .write(0, AMD_CORE, 1_000)
                .write(1, AMD_CORE, 2_000)
                .write(2, AMD_CORE, 3_000);
        try (Meter meter = open(msr, "AuthenticAMD")) {
            assertEquals(List.of(msr.device(0), msr.device(1)), access.opened, "SMT siblings are not read");
            assertEquals(List.of(Domain.CPU_PACKAGE, Domain.CPU_CORE), meter.domains());
            assertEquals("CPU package (1) of this host, RAPL MSR counters", meter.boundary());
            Window w = meter.begin("amd");
            msr.write(0, AMD_PKG, 7_000 + counts(9, 16));
            msr.write(0, AMD_CORE, 1_000 + counts(3, 16));
            msr.write(1, AMD_CORE, 2_000 + counts(2.5, 16));
            msr.write(2, AMD_CORE, 3_000 + counts(100, 16));
            aSecondPasses();
            Measurement m = w.end();
            assertJoules(9.0, m.byDomain().get(Domain.CPU_PACKAGE));
            assertJoules(5.5, m.byDomain().get(Domain.CPU_CORE));
            assertJoules(9.0, m.total());

            Map<String, Object> d = meter.details();
            assertEquals("amd", d.get("vendor"));
            assertEquals(false, d.get("vendor_overridden"));
            assertEquals("/proc/cpuinfo vendor_id AuthenticAMD", d.get("vendor_source"));
            Map<?, ?> pkg = (Map<?, ?>) ((List<?>) d.get("packages")).get(0);
            assertEquals("MSR_AMD_RAPL_POWER_UNIT (0xC0010299)", pkg.get("unit_register"));
            assertEquals(16, pkg.get("energy_status_unit"));
            assertEquals(1.0 / 65536, pkg.get("energy_unit_joules"));
            assertEquals(List.of(
                    Map.of("register", "MSR_AMD_PKG_ENERGY_STATUS", "address", "0xC001029B", "domain", "CPU_PACKAGE",
                            "scope", "package", "in_total", true),
                    Map.of("register", "MSR_AMD_CORE_ENERGY_STATUS", "address", "0xC001029A", "domain", "CPU_CORE",
                            "scope", "core", "cpus", List.of(0, 1), "in_total", false)), pkg.get("registers"));
        }
    }

    @Test
    void hygonUsesTheAmdLayout() throws Exception {
        FakeMsr msr = FakeMsr.in(tmp).cpu(0, 0).write(0, AMD_UNIT, AMD_UNIT_ESU_16).write(0, AMD_PKG, 1);
        try (Meter meter = open(msr, "HygonGenuine")) {
            assertEquals("amd", meter.details().get("vendor"));
        }
    }

    @Test
    void counterThatWrapsWithinTheWindowGainsTwoToThe32Counts() throws Exception {
        FakeMsr msr = FakeMsr.in(tmp).cpu(0, 0)
                .write(0, INTEL_UNIT, INTEL_UNIT_ESU_14)
                .write(0, INTEL_PKG, 0xABCD_0000_FFFF_F000L); // reserved high bits are not part of the counter
        try (Meter meter = open(msr, "GenuineIntel")) {
            Window w = meter.begin("wrap");
            msr.write(0, INTEL_PKG, 0x0000_0100L);
            Measurement m = w.end();
            assertJoules((0x1000 + 0x100) / 16384.0, m.byDomain().get(Domain.CPU_PACKAGE));
            assertJoules(0.265625, m.total());
        }
    }

    @Test
    void vendorOverrideReadsTheIntelLayoutOnAMachineThatSaysAmd() throws Exception {
        FakeMsr msr = intelLaptop(tmp);
        MsrMeterProvider provider = new MsrMeterProvider(access, FakeMsr.cpuInfo("AuthenticAMD"));
        assertFalse(provider.probe(config(msr)).isAvailable(), "read as AMD, the Intel layout has no unit register");

        try (Meter meter = provider.open(config(msr).withCpuVendor("intel"))) {
            Map<String, Object> d = meter.details();
            assertEquals("intel", d.get("vendor"));
            assertEquals(true, d.get("vendor_overridden"));
            assertEquals("--cpu-vendor intel", d.get("vendor_source"));
            Window w = meter.begin("override");
            msr.write(0, INTEL_PKG, 1_000 + counts(4, 14));
            aSecondPasses();
            assertJoules(4.0, w.end().total());
        }
    }

    @Test
    void absentRegistersAreLeftOutAndListedInTheDetails() throws Exception {
        FakeMsr msr = intelLaptop(tmp);
        access.failRegister(INTEL_DRAM); // real hardware answers EIO for a missing DRAM domain
        try (Meter meter = open(msr, "GenuineIntel")) {
            assertEquals(List.of(Domain.CPU_PACKAGE, Domain.CPU_CORE, Domain.PSYS), meter.domains());
            assertEquals("CPU package (1) of this host, RAPL MSR counters", meter.boundary());
            assertEquals(List.of(
                    "MSR_DRAM_ENERGY_STATUS (0x619) on " + msr.device(0) + ": IOException (Input/output error)",
                    "MSR_PP1_ENERGY_STATUS (0x641) on " + msr.device(0) + ": reads 0"),
                    meter.details().get("absent_registers"));
            Window w = meter.begin("no dram");
            msr.write(0, INTEL_PKG, 1_000 + counts(3, 14));
            msr.write(0, INTEL_DRAM, 2_000 + counts(100, 14));
            aSecondPasses();
            Measurement m = w.end();
            assertFalse(m.byDomain().containsKey(Domain.DRAM));
            assertJoules(3.0, m.total());
        }
    }

    @Test
    void registerBeyondTheEndOfTheDeviceIsAbsent() throws Exception {
        FakeMsr msr = FakeMsr.in(tmp).cpu(0, 0).write(0, INTEL_UNIT, INTEL_UNIT_ESU_14).write(0, INTEL_PKG, 1);
        try (Meter meter = open(msr, "GenuineIntel")) {
            assertEquals(List.of(Domain.CPU_PACKAGE), meter.domains());
            List<?> absent = (List<?>) meter.details().get("absent_registers");
            assertEquals(4, absent.size(), absent.toString());
            assertTrue(absent.get(3).toString().startsWith("MSR_PLATFORM_ENERGY_STATUS (0x64D) on " + msr.device(0)
                    + ": short read at "), absent.toString());
        }
    }

    @Test
    void amdCoreCountersAbsentOnOneCoreAreLeftOutForThePackage() throws Exception {
        FakeMsr msr = FakeMsr.in(tmp).cpu(0, 0, 0).cpu(1, 0, 1)
                .write(0, AMD_UNIT, AMD_UNIT_ESU_16).write(0, AMD_PKG, 7).write(0, AMD_CORE, 1);
        try (Meter meter = open(msr, "AuthenticAMD")) {
            assertEquals(List.of(Domain.CPU_PACKAGE), meter.domains());
            List<?> absent = (List<?>) meter.details().get("absent_registers");
            assertEquals(1, absent.size(), absent.toString());
            assertTrue(absent.get(0).toString().startsWith("MSR_AMD_CORE_ENERGY_STATUS (0xC001029A) on "
                    + msr.device(1) + ": short read at "), absent.toString());
            assertEquals(List.of(msr.device(1)), access.closed, "a device with no counter is not kept open");
        }
    }

    @Test
    void windowsMayOverlap() throws Exception {
        FakeMsr msr = intelLaptop(tmp);
        try (Meter meter = open(msr, "GenuineIntel")) {
            Window outer = meter.begin("outer");
            msr.write(0, INTEL_PKG, 1_000 + counts(1, 14));
            aSecondPasses();
            Window inner = meter.begin("inner");
            msr.write(0, INTEL_PKG, 1_000 + counts(3, 14));
            aSecondPasses();
            assertJoules(2.0, inner.end().total());
            msr.write(0, INTEL_PKG, 1_000 + counts(6, 14));
            aSecondPasses();
            assertJoules(6.0, outer.end().total());
        }
    }

    @Test
    void readFailureMidWindowNamesTheDeviceAndTheRegister() throws Exception {
        FakeMsr msr = intelLaptop(tmp);
        try (Meter meter = open(msr, "GenuineIntel")) {
            Window w = meter.begin("fails");
            access.breakReads();
            MeterReadException e = assertThrows(MeterReadException.class, w::end);
            assertEquals("cannot read MSR_PKG_ENERGY_STATUS (0x611) from " + msr.device(0)
                    + ": IOException (Input/output error)", e.getMessage());
        }
    }

    @Test
    void windowEndsOnceAndClosedMeterStartsNoWindowAndReleasesItsDevices() throws Exception {
        FakeMsr msr = intelLaptop(tmp);
        Meter meter = open(msr, "GenuineIntel");
        Window w = meter.begin("once");
        w.end();
        assertThrows(IllegalStateException.class, w::end);
        assertEquals(List.of(), access.closed);
        meter.close();
        meter.close();
        assertEquals(List.of(msr.device(0)), access.closed);
        assertThrows(IllegalStateException.class, () -> meter.begin("after close"));
    }

    @Test
    void detailsListPackagesUnitsAndRegisters() throws Exception {
        FakeMsr msr = intelLaptop(tmp);
        try (Meter meter = open(msr, "GenuineIntel")) {
            Map<String, Object> d = meter.details();
            assertEquals("MSR", d.get("source"));
            assertEquals(msr.msrRoot().toString(), d.get("root"));
            assertEquals("intel", d.get("vendor"));
            assertEquals(false, d.get("vendor_overridden"));
            assertEquals("/proc/cpuinfo vendor_id GenuineIntel", d.get("vendor_source"));
            List<?> packages = (List<?>) d.get("packages");
            assertEquals(1, packages.size());
            Map<?, ?> pkg = (Map<?, ?>) packages.get(0);
            assertEquals(0, pkg.get("package"));
            assertEquals(0, pkg.get("cpu"));
            assertEquals(msr.device(0).toString(), pkg.get("device"));
            assertEquals("MSR_RAPL_POWER_UNIT (0x606)", pkg.get("unit_register"));
            assertEquals(14, pkg.get("energy_status_unit"));
            assertEquals(6.103515625E-5, pkg.get("energy_unit_joules"));
            assertEquals(262_144.0, pkg.get("counter_range_joules"));
            assertEquals(List.of(
                    Map.of("register", "MSR_PKG_ENERGY_STATUS", "address", "0x611", "domain", "CPU_PACKAGE",
                            "scope", "package", "in_total", true),
                    Map.of("register", "MSR_DRAM_ENERGY_STATUS", "address", "0x619", "domain", "DRAM",
                            "scope", "package", "in_total", true),
                    Map.of("register", "MSR_PP0_ENERGY_STATUS", "address", "0x639", "domain", "CPU_CORE",
                            "scope", "package", "in_total", false),
                    Map.of("register", "MSR_PLATFORM_ENERGY_STATUS", "address", "0x64D", "domain", "PSYS",
                            "scope", "platform", "in_total", false)), pkg.get("registers"));
            assertTrue(((String) d.get("total_rule")).startsWith("total = all package counters + all dram counters"));
            assertEquals("unknown", d.get("cpu_model"));
            assertEquals(14, pkg.get("dram_energy_status_unit"));
            assertEquals(500.0, pkg.get("max_power_w"));
            assertEquals(0.001, d.get("update_period_s"));
            assertTrue(((String) d.get("reset_rule")).startsWith("a delta above max power × elapsed × 1.5 + 1 J"));
            assertTrue(((String) d.get("wraparound")).contains("64-bit accumulator"));
        }
    }
}
