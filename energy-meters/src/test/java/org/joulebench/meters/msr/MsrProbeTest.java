package org.joulebench.meters.msr;

import static org.joulebench.meters.msr.FakeMsr.INTEL_PKG;
import static org.joulebench.meters.msr.FakeMsr.INTEL_UNIT;
import static org.joulebench.meters.msr.FakeMsr.INTEL_UNIT_ESU_14;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterProvider;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MsrProbeTest {

    private static final String NO_DEVICES_FIX = "load the driver: `sudo modprobe msr`; reading needs root (or"
            + " CAP_SYS_RAWIO); in containers pass --device /dev/cpu; or use --meter rapl (powercap) / estimate";

    @TempDir
    Path tmp;

    private final FakeMsrAccess access = new FakeMsrAccess();

    private MsrMeterProvider provider(String vendorId) {
        return new MsrMeterProvider(access, FakeMsr.cpuInfo(vendorId));
    }

    private static FakeMsr intelPackage(Path tmp) {
        return FakeMsr.in(tmp).cpu(0, 0).write(0, INTEL_UNIT, INTEL_UNIT_ESU_14).write(0, INTEL_PKG, 42);
    }

    /** The probe's reason and fix, and that open() fails with the same. */
    private static void assertUnavailable(MsrMeterProvider provider, MeterConfig config, String reason, String fix) {
        Probe probe = provider.probe(config);
        assertFalse(probe.isAvailable(), probe.toString());
        assertEquals(reason, probe.detail());
        assertEquals(fix, probe.fix().orElseThrow());
        MeterUnavailableException e = assertThrows(MeterUnavailableException.class, () -> provider.open(config));
        assertEquals(reason, e.getMessage());
        assertEquals(fix, e.fix());
    }

    @Test
    void availableProbeSaysWhatItFoundAndReleasesTheDevices() {
        FakeMsr msr = intelPackage(tmp);
        Probe probe = provider("GenuineIntel").probe(msr.config(() -> 0L));
        assertTrue(probe.isAvailable(), probe.toString());
        assertEquals("intel RAPL MSRs of 1 package under " + msr.msrRoot() + " (cpu0): CPU_PACKAGE", probe.detail());
        assertEquals(List.of(msr.device(0)), access.closed);
    }

    @Test
    void missingRootIsUnavailableWithTheModprobeFix() {
        Path root = tmp.resolve("no-such-dev-cpu");
        MeterConfig config = FakeMsr.in(tmp).config(() -> 0L).withMsrRoot(root);
        assertUnavailable(provider("GenuineIntel"), config, "no MSR devices at " + root + "/*/msr", NO_DEVICES_FIX);
    }

    @Test
    void rootWithCpuidDevicesOnlyIsUnavailableTheSameWay() throws Exception {
        FakeMsr msr = FakeMsr.in(tmp);
        Files.createDirectories(msr.msrRoot().resolve("0"));
        Files.createFile(msr.msrRoot().resolve("0/cpuid"));
        Files.createDirectories(msr.msrRoot().resolve("microcode"));
        assertUnavailable(provider("GenuineIntel"), msr.config(() -> 0L),
                "no MSR devices at " + msr.msrRoot() + "/*/msr", NO_DEVICES_FIX);
    }

    @Test
    void onTheRealRootTheMessagesNameDevCpu() {
        assertEquals("no MSR devices at /dev/cpu/*/msr", MsrScanner.noDevicesReason(MeterConfig.DEFAULT_MSR_ROOT));
        assertEquals("run as root (MSR reads need CAP_SYS_RAWIO and read access to /dev/cpu/*/msr); in containers"
                        + " add --cap-add SYS_RAWIO --device /dev/cpu; or use --meter rapl (powercap) / estimate",
                String.format(MsrScanner.PERMISSION_FIX_FORMAT, MeterConfig.DEFAULT_MSR_ROOT));
    }

    @Test
    void deniedDeviceIsUnavailableWithTheRootFix() {
        FakeMsr msr = intelPackage(tmp);
        access.failOpens(path -> new AccessDeniedException(path.toString()));
        assertUnavailable(provider("GenuineIntel"), msr.config(() -> 0L),
                "cannot open " + msr.device(0) + ": permission denied",
                "run as root (MSR reads need CAP_SYS_RAWIO and read access to " + msr.msrRoot() + "/*/msr);"
                        + " in containers add --cap-add SYS_RAWIO --device /dev/cpu;"
                        + " or use --meter rapl (powercap) / estimate");
    }

    @Test
    void missingCapSysRawioIsAPermissionFailureToo() {
        FakeMsr msr = intelPackage(tmp);
        access.failOpens(path -> new FileSystemException(path.toString(), null, "Operation not permitted"));
        Probe probe = provider("GenuineIntel").probe(msr.config(() -> 0L));
        assertFalse(probe.isAvailable());
        assertEquals("cannot open " + msr.device(0) + ": operation not permitted (the msr driver requires"
                + " CAP_SYS_RAWIO)", probe.detail());
        assertTrue(probe.fix().orElseThrow().startsWith("run as root (MSR reads need CAP_SYS_RAWIO"));
    }

    @Test
    void unknownVendorIsUnavailableWithTheOverrideFix() {
        FakeMsr msr = intelPackage(tmp);
        String fix = "pass --cpu-vendor intel|amd if this CPU has Intel's or AMD's RAPL MSRs;"
                + " or use --meter rapl (powercap) / estimate";
        assertUnavailable(provider("CentaurHauls"), msr.config(() -> 0L),
                "unknown CPU vendor 'CentaurHauls' in /proc/cpuinfo: no known RAPL MSRs", fix);
        assertUnavailable(new MsrMeterProvider(access, () -> "processor\t: 0\nBogoMIPS\t: 50.00\n"),
                msr.config(() -> 0L), "no vendor_id in /proc/cpuinfo (not an x86 CPU?)", fix);
        assertUnavailable(new MsrMeterProvider(access, () -> {
            throw new AccessDeniedException("/proc/cpuinfo");
        }), msr.config(() -> 0L), "cannot read /proc/cpuinfo to tell Intel from AMD: permission denied", fix);
        assertTrue(provider("CentaurHauls").probe(msr.config(() -> 0L).withCpuVendor("intel")).isAvailable());
    }

    @Test
    void packageCounterReadingZeroIsUnavailable() {
        FakeMsr msr = FakeMsr.in(tmp).cpu(0, 0).write(0, INTEL_UNIT, INTEL_UNIT_ESU_14).write(0, INTEL_PKG, 0);
        assertUnavailable(provider("GenuineIntel"), msr.config(() -> 0L),
                "MSR_PKG_ENERGY_STATUS (0x611) on " + msr.device(0) + " reads 0: no package energy counter",
                "this CPU (or VM) has no intel RAPL MSRs: check --cpu-vendor; or use --meter rapl (powercap) / estimate");
        assertEquals(List.of(msr.device(0), msr.device(0)), access.closed,
                "the failed probe and the failed open each release what they opened");
    }

    @Test
    void unreadableUnitRegisterIsUnavailable() {
        FakeMsr msr = intelPackage(tmp);
        access.failRegister(INTEL_UNIT);
        assertUnavailable(provider("GenuineIntel"), msr.config(() -> 0L),
                "cannot read MSR_RAPL_POWER_UNIT (0x606) from " + msr.device(0) + ": IOException (Input/output error)",
                "this CPU (or VM) has no intel RAPL MSRs: check --cpu-vendor; or use --meter rapl (powercap) / estimate");
    }

    @Test
    void missingTopologyIsUnavailable() throws IOException {
        FakeMsr msr = intelPackage(tmp);
        Path file = msr.sysRoot().resolve("cpu0/topology/physical_package_id");
        Files.delete(file);
        assertUnavailable(provider("GenuineIntel"), msr.config(() -> 0L),
                "no CPU topology for cpu0: " + file + " is missing",
                "mount sysfs so that the CPU topology (cpu*/topology under /sys/devices/system/cpu) can be read;"
                        + " or use --meter rapl (powercap) / estimate");
    }

    @Test
    void providerFacts() {
        MsrMeterProvider provider = new MsrMeterProvider();
        assertEquals("msr", provider.id());
        assertEquals(90, provider.priority());
        assertEquals(Method.COUNTER, provider.method());
        assertTrue(ServiceLoader.load(MeterProvider.class).stream().anyMatch(p -> p.type() == MsrMeterProvider.class));
    }
}
