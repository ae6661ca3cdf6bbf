package org.joulebench.meters.rapl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.joulebench.meters.CpuClock;
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

class RaplMeterTest {

    private static final double EPS = 1e-9;

    @TempDir
    Path tmp;

    private final AtomicLong nanos = new AtomicLong(1_000);

    private MeterConfig config(Path root) {
        return new MeterConfig(root, nanos::get, CpuClock.process());
    }

    private Meter open(Path root) throws Exception {
        return new RaplMeterProvider().open(config(root));
    }

    private static void assertJoules(double expected, Energy actual) {
        assertEquals(expected, actual.joules(), EPS);
    }

    @Test
    void laptopReportsEveryDomainButTotalsPackageAndDramOnly() throws Exception {
        var laptop = FakePowercap.laptop(tmp);
        try (Meter meter = open(laptop.tree().root())) {
            assertEquals(List.of(Domain.CPU_PACKAGE, Domain.CPU_CORE, Domain.CPU_UNCORE, Domain.DRAM, Domain.PSYS),
                    meter.domains());
            assertEquals("CPU package (1) + DRAM (1) of this host, RAPL powercap counters", meter.boundary());
            assertEquals(Method.COUNTER, meter.method());

            Window w = meter.begin("laptop");
            laptop.tree().energy(laptop.pkg(), 1_000_000 + 10_000_000);   // +10 J
            laptop.tree().energy(laptop.core(), 2_000_000 + 6_000_000);   // +6 J, inside package
            laptop.tree().energy(laptop.uncore(), 3_000_000 + 1_000_000); // +1 J, inside package
            laptop.tree().energy(laptop.dram(), 4_000_000 + 2_500_000);   // +2.5 J
            laptop.tree().energy(laptop.psys(), 5_000_000 + 20_000_000);  // +20 J, contains all
            nanos.addAndGet(2_000_000_000L);
            Measurement m = w.end();

            assertEquals("laptop", m.label());
            assertEquals(Method.COUNTER, m.method());
            assertEquals(Duration.ofSeconds(2), m.duration());
            assertJoules(10.0, m.byDomain().get(Domain.CPU_PACKAGE));
            assertJoules(6.0, m.byDomain().get(Domain.CPU_CORE));
            assertJoules(1.0, m.byDomain().get(Domain.CPU_UNCORE));
            assertJoules(2.5, m.byDomain().get(Domain.DRAM));
            assertJoules(20.0, m.byDomain().get(Domain.PSYS));
            assertJoules(12.5, m.total());
            assertEquals(6.25, m.averagePower().watts(), EPS);
        }
    }

    @Test
    void dualSocketAddsBothPackagesAndBothDrams() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg0 = tree.zone("intel-rapl:0", "package-0", 100);
        Path dram0 = tree.subzone(pkg0, "intel-rapl:0:0", "dram", 200);
        Path pkg1 = tree.zone("intel-rapl:1", "package-1", 300);
        Path dram1 = tree.subzone(pkg1, "intel-rapl:1:0", "dram", 400);
        try (Meter meter = open(tree.root())) {
            assertEquals("CPU packages (2) + DRAM (2) of this host, RAPL powercap counters", meter.boundary());
            assertEquals(List.of(Domain.CPU_PACKAGE, Domain.DRAM), meter.domains());
            Window w = meter.begin("dual");
            tree.energy(pkg0, 100 + 30_000_000);
            tree.energy(dram0, 200 + 4_000_000);
            tree.energy(pkg1, 300 + 50_000_000);
            tree.energy(dram1, 400 + 6_000_000);
            nanos.addAndGet(1_000_000_000L);
            Measurement m = w.end();
            assertJoules(80.0, m.byDomain().get(Domain.CPU_PACKAGE));
            assertJoules(10.0, m.byDomain().get(Domain.DRAM));
            assertJoules(90.0, m.total());
        }
    }

    @Test
    void amdStylePackageWithCoreOnly() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 0);
        Path core = tree.subzone(pkg, "intel-rapl:0:0", "core", 0);
        try (Meter meter = open(tree.root())) {
            assertEquals("CPU package (1) of this host, RAPL powercap counters", meter.boundary());
            assertEquals(List.of(Domain.CPU_PACKAGE, Domain.CPU_CORE), meter.domains());
            Window w = meter.begin("amd");
            tree.energy(pkg, 7_000_000);
            tree.energy(core, 5_000_000);
            nanos.addAndGet(1_000_000_000L);
            Measurement m = w.end();
            assertJoules(7.0, m.byDomain().get(Domain.CPU_PACKAGE));
            assertJoules(5.0, m.byDomain().get(Domain.CPU_CORE));
            assertJoules(7.0, m.total());
        }
    }

    @Test
    void mmioDuplicateOfThePackageIsIgnored() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 0);
        Path mmio = tree.zone("intel-rapl-mmio:0", "package-0", 0);
        try (Meter meter = open(tree.root())) {
            Window w = meter.begin("mmio");
            tree.energy(pkg, 3_000_000);
            tree.energy(mmio, 3_000_000);
            nanos.addAndGet(1_000_000_000L);
            Measurement m = w.end();
            assertJoules(3.0, m.byDomain().get(Domain.CPU_PACKAGE));
            assertJoules(3.0, m.total());
            assertEquals(1, ((List<?>) meter.details().get("zones")).size());
        }
    }

    @Test
    void realSysfsLayoutWithFlatSymlinksCountsEachZoneOnce() throws Exception {
        FakePowercap tree = FakePowercap.sysfsStyle(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 0);
        Path core = tree.subzone(pkg, "intel-rapl:0:0", "core", 0);
        Path dram = tree.subzone(pkg, "intel-rapl:0:1", "dram", 0);
        try (Meter meter = open(tree.root())) {
            assertEquals(3, ((List<?>) meter.details().get("zones")).size());
            Window w = meter.begin("sysfs");
            tree.energy(pkg, 4_000_000);
            tree.energy(core, 3_000_000);
            tree.energy(dram, 1_000_000);
            nanos.addAndGet(1_000_000_000L);
            Measurement m = w.end();
            assertJoules(3.0, m.byDomain().get(Domain.CPU_CORE));
            assertJoules(1.0, m.byDomain().get(Domain.DRAM));
            assertJoules(5.0, m.total());
        }
    }

    @Test
    void counterThatWrapsBetweenReadsIsCorrectedWithMaxEnergyRange() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        long max = 1_000_000_000L;
        Path pkg = tree.zoneIn(tree.root(), "intel-rapl:0", "package-0", max - 250_000, max);
        try (Meter meter = open(tree.root())) {
            Window w = meter.begin("wrap");
            tree.energy(pkg, 750_000);
            nanos.addAndGet(1_000_000_000L);
            Measurement m = w.end();
            assertJoules(1.0, m.byDomain().get(Domain.CPU_PACKAGE));
            assertJoules(1.0, m.total());
        }
    }

    @Test
    void withoutPackageZonesPsysIsTheTotal() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path psys = tree.zone("intel-rapl:1", "psys", 0);
        try (Meter meter = open(tree.root())) {
            assertEquals("platform (psys) of this host, RAPL powercap counters", meter.boundary());
            Window w = meter.begin("psys");
            tree.energy(psys, 9_000_000);
            nanos.addAndGet(1_000_000_000L);
            assertJoules(9.0, w.end().total());
        }
    }

    @Test
    void windowsMayOverlap() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 0);
        try (Meter meter = open(tree.root())) {
            Window outer = meter.begin("outer");
            tree.energy(pkg, 1_000_000);
            nanos.addAndGet(1_000_000_000L);
            Window inner = meter.begin("inner");
            tree.energy(pkg, 3_000_000);
            nanos.addAndGet(1_000_000_000L);
            assertJoules(2.0, inner.end().total());
            tree.energy(pkg, 6_000_000);
            nanos.addAndGet(1_000_000_000L);
            assertJoules(6.0, outer.end().total());
        }
    }

    @Test
    void readFailureMidWindowNamesTheFile() throws Exception {
        var laptop = FakePowercap.laptop(tmp);
        FailingZoneFiles files = new FailingZoneFiles();
        try (Meter meter = new RaplMeterProvider(files).open(config(laptop.tree().root()))) {
            Window w = meter.begin("fails");
            files.deny();
            MeterReadException e = assertThrows(MeterReadException.class, w::end);
            assertTrue(e.getMessage().contains(laptop.pkg().resolve("energy_uj").toString()), e.getMessage());
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        }
    }

    @Test
    void windowEndsOnceAndClosedMeterStartsNoWindow() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        tree.zone("intel-rapl:0", "package-0", 0);
        Meter meter = open(tree.root());
        Window w = meter.begin("once");
        w.end();
        assertThrows(IllegalStateException.class, w::end);
        meter.close();
        assertThrows(IllegalStateException.class, () -> meter.begin("after close"));
    }

    @Test
    void detailsListTheZones() throws Exception {
        var laptop = FakePowercap.laptop(tmp);
        try (Meter meter = open(laptop.tree().root())) {
            Map<String, Object> d = meter.details();
            assertEquals("powercap sysfs", d.get("source"));
            assertEquals(laptop.tree().root().toString(), d.get("root"));
            List<?> zones = (List<?>) d.get("zones");
            assertEquals(5, zones.size());
            assertEquals(Map.of("zone", "intel-rapl:0", "name", "package-0", "domain", "CPU_PACKAGE",
                    "max_energy_range_uj", FakePowercap.MAX_UJ, "in_total", true), zones.get(0));
            assertEquals(Map.of("zone", "intel-rapl:1", "name", "psys", "domain", "PSYS",
                    "max_energy_range_uj", FakePowercap.MAX_UJ, "in_total", false), zones.get(4));
            assertFalse(d.containsKey("ignored_zones"));
        }
    }
}
