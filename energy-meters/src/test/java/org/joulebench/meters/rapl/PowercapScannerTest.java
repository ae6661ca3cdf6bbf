package org.joulebench.meters.rapl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.joulebench.meters.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowercapScannerTest {

    @TempDir
    Path tmp;

    private ZoneSet scan(FakePowercap tree) throws Exception {
        return new PowercapScanner(ZoneFiles.system()).scan(tree.root());
    }

    @Test
    void zonesAreIdentifiedByNameNotByIndex() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 0);
        tree.subzone(pkg, "intel-rapl:0:0", "dram", 0);   // index 0 is dram here, not core
        tree.subzone(pkg, "intel-rapl:0:1", "core", 0);
        ZoneSet set = scan(tree);
        assertEquals(List.of(Domain.CPU_PACKAGE, Domain.DRAM, Domain.CPU_CORE),
                set.zones().stream().map(Zone::domain).toList());
    }

    @Test
    void zonesAreOrderedNumerically() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        for (int i : new int[] {10, 2, 0, 1}) {
            tree.zone("intel-rapl:" + i, "package-" + i, 0);
        }
        assertEquals(List.of("intel-rapl:0", "intel-rapl:1", "intel-rapl:2", "intel-rapl:10"),
                scan(tree).zones().stream().map(Zone::id).toList());
    }

    @Test
    void unknownZoneNamesAreSkippedAndNamed() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        tree.zone("intel-rapl:0", "package-0", 0);
        tree.zone("intel-rapl:1", "mystery", 0);
        ZoneSet set = scan(tree);
        assertEquals(1, set.zones().size());
        assertEquals(List.of("intel-rapl:1 (mystery)"), set.ignored());
    }

    @Test
    void multiDiePackagesArePackages() {
        assertEquals(Domain.CPU_PACKAGE, Zone.domainOf("package-1-die-0").orElseThrow());
        assertEquals(Domain.PSYS, Zone.domainOf("psys").orElseThrow());
        assertTrue(Zone.domainOf("package").isEmpty());
    }

    @Test
    void zoneIdComparison() {
        List<String> ids = new ArrayList<>(List.of("intel-rapl:1", "intel-rapl:0:1", "intel-rapl:0", "intel-rapl:0:0"));
        ids.sort(PowercapScanner::compareZoneIds);
        assertEquals(List.of("intel-rapl:0", "intel-rapl:0:0", "intel-rapl:0:1", "intel-rapl:1"), ids);
    }
}
