package org.joulebench.meters;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a meter may need from outside: roots of the files it reads, the native library it
 * loads, and the clocks it uses, all injectable so that tests build fake hardware.
 *
 * @param powercapRoot the powercap sysfs folder, normally {@code /sys/class/powercap}
 * @param msrRoot      the MSR device folder, normally {@code /dev/cpu} (holding {@code N/msr})
 * @param cpuSysRoot   the CPU topology folder, normally {@code /sys/devices/system/cpu}
 * @param cpuVendor    {@code intel} or {@code amd} to override the vendor read from the CPU; null to read it
 * @param nvmlLibrary  the NVML library to load: a file path, or a name the loader searches for
 * @param sampleHz     the sampler's rate in samples per second
 * @param ticker       wall-clock nanoseconds for window durations
 * @param cpuClock     process CPU time, for estimates and attribution
 */
public record MeterConfig(Path powercapRoot, Path msrRoot, Path cpuSysRoot, String cpuVendor, String nvmlLibrary,
                          double sampleHz, Ticker ticker, CpuClock cpuClock) {

    public static final Path DEFAULT_POWERCAP_ROOT = Path.of("/sys/class/powercap");
    public static final Path DEFAULT_MSR_ROOT = Path.of("/dev/cpu");
    public static final Path DEFAULT_CPU_SYS_ROOT = Path.of("/sys/devices/system/cpu");
    public static final String DEFAULT_NVML_LIBRARY = "libnvidia-ml.so.1";
    public static final double DEFAULT_SAMPLE_HZ = 10;

    public MeterConfig {
        Objects.requireNonNull(powercapRoot, "powercapRoot");
        Objects.requireNonNull(msrRoot, "msrRoot");
        Objects.requireNonNull(cpuSysRoot, "cpuSysRoot");
        Objects.requireNonNull(nvmlLibrary, "nvmlLibrary");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(cpuClock, "cpuClock");
        if (cpuVendor != null && !cpuVendor.equals("intel") && !cpuVendor.equals("amd")) {
            throw new IllegalArgumentException("cpu vendor must be 'intel' or 'amd', was '" + cpuVendor + "'");
        }
        if (!(sampleHz > 0 && sampleHz <= 10_000)) {
            throw new IllegalArgumentException("sample rate must be in (0, 10000] Hz, was " + sampleHz);
        }
    }

    /** Default roots and library with the given powercap root and clocks (tests). */
    public MeterConfig(Path powercapRoot, Ticker ticker, CpuClock cpuClock) {
        this(powercapRoot, DEFAULT_MSR_ROOT, DEFAULT_CPU_SYS_ROOT, null, DEFAULT_NVML_LIBRARY, DEFAULT_SAMPLE_HZ,
                ticker, cpuClock);
    }

    /**
     * The real machine: default roots and library, the system clock, and the CPU time of this
     * process together with the processes it started (engines that run in a child process).
     */
    public static MeterConfig system() {
        return new MeterConfig(DEFAULT_POWERCAP_ROOT, Ticker.system(), CpuClock.processTree());
    }

    /** The vendor override, if one was given. */
    public Optional<String> cpuVendorOverride() {
        return Optional.ofNullable(cpuVendor);
    }

    public MeterConfig withPowercapRoot(Path root) {
        return new MeterConfig(root, msrRoot, cpuSysRoot, cpuVendor, nvmlLibrary, sampleHz, ticker, cpuClock);
    }

    public MeterConfig withMsrRoot(Path root) {
        return new MeterConfig(powercapRoot, root, cpuSysRoot, cpuVendor, nvmlLibrary, sampleHz, ticker, cpuClock);
    }

    public MeterConfig withCpuSysRoot(Path root) {
        return new MeterConfig(powercapRoot, msrRoot, root, cpuVendor, nvmlLibrary, sampleHz, ticker, cpuClock);
    }

    public MeterConfig withCpuVendor(String vendor) {
        return new MeterConfig(powercapRoot, msrRoot, cpuSysRoot, vendor, nvmlLibrary, sampleHz, ticker, cpuClock);
    }

    public MeterConfig withNvmlLibrary(String library) {
        return new MeterConfig(powercapRoot, msrRoot, cpuSysRoot, cpuVendor, library, sampleHz, ticker, cpuClock);
    }

    public MeterConfig withSampleHz(double hz) {
        return new MeterConfig(powercapRoot, msrRoot, cpuSysRoot, cpuVendor, nvmlLibrary, hz, ticker, cpuClock);
    }

    public MeterConfig withTicker(Ticker t) {
        return new MeterConfig(powercapRoot, msrRoot, cpuSysRoot, cpuVendor, nvmlLibrary, sampleHz, t, cpuClock);
    }

    public MeterConfig withCpuClock(CpuClock c) {
        return new MeterConfig(powercapRoot, msrRoot, cpuSysRoot, cpuVendor, nvmlLibrary, sampleHz, ticker, c);
    }
}
