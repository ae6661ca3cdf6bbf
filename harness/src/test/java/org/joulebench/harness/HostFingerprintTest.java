package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** One host identity: the hardware and OS family in it, the name, kernel and JVM out. */
class HostFingerprintTest {

    private static HostInfo host(String name, String cpu, long memory, String os, String kernel, String jvm,
                                 List<String> gpus) {
        return new HostInfo(name, "FixtureVendor", cpu, "fixture-arch", 4, 8, memory, os, kernel, jvm, gpus,
                "none detected");
    }

    private static final HostInfo BASE = host("fixture-a", "Fixture CPU", 16L << 30,
            "GNU/Linux Fixture 12 build 6.1", "6.1.0", "Fixture VM 17", List.of("Fixture GPU"));

    @Test
    void twelveHexDigits() {
        assertTrue(HostFingerprint.of(BASE).matches("[0-9a-f]{12}"), HostFingerprint.of(BASE));
        assertEquals(HostFingerprint.UNKNOWN, HostFingerprint.of(null));
    }

    @Test
    void nameKernelOsReleaseAndJvmAreLeftOut() {
        HostInfo updated = host("fixture-b", "Fixture CPU", 16L << 30, "GNU/Linux Fixture 13 build 6.6",
                "6.6.0", "Fixture VM 21", List.of("Fixture GPU"));
        assertEquals(HostFingerprint.of(BASE), HostFingerprint.of(updated));
    }

    @Test
    void memoryCountsInWholeGiB() {
        HostInfo fewerReserved = host("fixture-a", "Fixture CPU", (16L << 30) - (40L << 20),
                BASE.os(), BASE.kernel(), BASE.jvm(), BASE.gpus());
        assertEquals(HostFingerprint.of(BASE), HostFingerprint.of(fewerReserved));
        HostInfo more = host("fixture-a", "Fixture CPU", 32L << 30, BASE.os(), BASE.kernel(), BASE.jvm(), BASE.gpus());
        assertNotEquals(HostFingerprint.of(BASE), HostFingerprint.of(more));
    }

    @Test
    void hardwareAndOsFamilyAreIn() {
        assertNotEquals(HostFingerprint.of(BASE), HostFingerprint.of(host("fixture-a", "Other CPU", 16L << 30,
                BASE.os(), BASE.kernel(), BASE.jvm(), BASE.gpus())));
        assertNotEquals(HostFingerprint.of(BASE), HostFingerprint.of(host("fixture-a", "Fixture CPU", 16L << 30,
                BASE.os(), BASE.kernel(), BASE.jvm(), List.of())));
        assertNotEquals(HostFingerprint.of(BASE), HostFingerprint.of(host("fixture-a", "Fixture CPU", 16L << 30,
                "Microsoft Windows 11 build 22000", BASE.kernel(), BASE.jvm(), BASE.gpus())));
    }

    @Test
    void theStoredFieldsGiveTheSameValue() {
        assertEquals(HostFingerprint.of(BASE), HostFingerprint.of(BASE.cpuVendor(), BASE.cpuModel(),
                BASE.microarchitecture(), BASE.physicalCores(), BASE.logicalCpus(), BASE.memoryBytes(),
                String.join(", ", BASE.gpus()), BASE.os(), BASE.virtualisation()));
    }

    @Test
    void osFamilies() {
        assertEquals("linux", HostFingerprint.osFamily("GNU/Linux Ubuntu 22.04.3 LTS (Jammy Jellyfish) build 5.15"));
        assertEquals("windows", HostFingerprint.osFamily("Microsoft Windows 11 build 22000"));
        assertEquals("macos", HostFingerprint.osFamily("Apple macOS 13.4 (Ventura) build 22F66"));
        assertEquals("fixture os", HostFingerprint.osFamily("Fixture OS"));
    }
}
