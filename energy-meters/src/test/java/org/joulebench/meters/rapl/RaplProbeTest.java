package org.joulebench.meters.rapl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplProbeTest {

    @TempDir
    Path tmp;

    private MeterConfig config(Path root) {
        return MeterConfig.system().withPowercapRoot(root);
    }

    @Test
    void availableProbeListsTheZones() {
        var laptop = FakePowercap.laptop(tmp);
        Probe probe = new RaplMeterProvider().probe(config(laptop.tree().root()));
        assertTrue(probe.isAvailable(), probe.toString());
        assertTrue(probe.detail().startsWith("5 RAPL zones under "), probe.detail());
        assertTrue(probe.detail().contains("package-0 (intel-rapl:0)"), probe.detail());
        assertTrue(probe.fix().isEmpty());
    }

    @Test
    void missingRootIsUnavailableWithTheFix() {
        Path root = tmp.resolve("no-such-powercap");
        RaplMeterProvider provider = new RaplMeterProvider();
        Probe probe = provider.probe(config(root));
        assertFalse(probe.isAvailable());
        assertEquals("no powercap folder at " + root
                + " (no RAPL driver, a VM, or a container without /sys/class/powercap mounted)", probe.detail());
        assertEquals("on bare metal Linux: modprobe intel_rapl_common (Intel) / use a kernel ≥ 5.8 for AMD;"
                + " in containers mount /sys/class/powercap read-only; or use --meter estimate", probe.fix().orElseThrow());

        MeterUnavailableException e = assertThrows(MeterUnavailableException.class, () -> provider.open(config(root)));
        assertEquals(probe.detail(), e.getMessage());
        assertEquals(probe.fix().orElseThrow(), e.fix());
    }

    @Test
    void rootWithoutRaplZonesIsUnavailable() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        tree.zone("intel-rapl-mmio:0", "package-0", 0);
        Files.createDirectories(tree.root().resolve("dtpm"));
        Probe probe = new RaplMeterProvider().probe(config(tree.root()));
        assertFalse(probe.isAvailable());
        assertEquals("no RAPL zones under " + tree.root(), probe.detail());
        assertTrue(probe.fix().orElseThrow().contains("modprobe intel_rapl_common"));
    }

    @Test
    void unreadableEnergyIsUnavailableWithTheChmodFix() {
        var laptop = FakePowercap.laptop(tmp);
        Path root = laptop.tree().root();
        RaplMeterProvider provider = new RaplMeterProvider(FailingZoneFiles.denying());

        Probe probe = provider.probe(config(root));
        assertFalse(probe.isAvailable());
        assertEquals("cannot read " + laptop.pkg().resolve("energy_uj") + ": permission denied"
                + " (energy_uj is readable by root only since Linux 5.10)", probe.detail());
        assertEquals("run as root, or `sudo chmod a+r " + root + "/intel-rapl:*/energy_uj`"
                + " (resets at boot; a udev rule or sysfsutils makes it last)", probe.fix().orElseThrow());

        MeterUnavailableException e = assertThrows(MeterUnavailableException.class, () -> provider.open(config(root)));
        assertEquals(probe.detail(), e.getMessage());
        assertEquals(probe.fix().orElseThrow(), e.fix());
    }

    @Test
    void onTheRealRootTheFixIsTheDocumentedCommand() {
        assertEquals("run as root, or `sudo chmod a+r /sys/class/powercap/intel-rapl:*/energy_uj`"
                        + " (resets at boot; a udev rule or sysfsutils makes it last)",
                String.format(PowercapScanner.PERMISSION_FIX_FORMAT, MeterConfig.DEFAULT_POWERCAP_ROOT));
    }

    @Test
    void garbledCounterIsUnavailable() throws Exception {
        FakePowercap tree = FakePowercap.nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 0);
        Files.writeString(pkg.resolve("energy_uj"), "not a number\n");
        Probe probe = new RaplMeterProvider().probe(config(tree.root()));
        assertFalse(probe.isAvailable());
        assertEquals("unexpected content in " + pkg.resolve("energy_uj") + ": 'not a number'", probe.detail());
    }

    @Test
    void providerFacts() {
        RaplMeterProvider provider = new RaplMeterProvider();
        assertEquals("rapl", provider.id());
        assertEquals(100, provider.priority());
        assertEquals(org.joulebench.meters.Method.COUNTER, provider.method());
    }
}
