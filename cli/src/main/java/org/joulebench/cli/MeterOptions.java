package org.joulebench.cli;

import java.nio.file.Path;

import org.joulebench.meters.MeterConfig;

import picocli.CommandLine.Option;

/** Options every command that touches meters shares: where each meter reads its hardware from. */
final class MeterOptions {

    @Option(names = "--powercap-root", paramLabel = "DIR",
            description = "powercap sysfs folder (default: ${DEFAULT-VALUE}); point it at a copy or a fake tree")
    Path powercapRoot = MeterConfig.DEFAULT_POWERCAP_ROOT;

    @Option(names = "--msr-root", paramLabel = "DIR",
            description = "MSR device folder holding N/msr (default: ${DEFAULT-VALUE})")
    Path msrRoot = MeterConfig.DEFAULT_MSR_ROOT;

    @Option(names = "--cpu-sys-root", paramLabel = "DIR", hidden = true,
            description = "CPU topology folder (default: ${DEFAULT-VALUE}); for tests and containers")
    Path cpuSysRoot = MeterConfig.DEFAULT_CPU_SYS_ROOT;

    @Option(names = "--cpu-vendor", paramLabel = "intel|amd",
            description = "read the MSRs of this vendor instead of the one the CPU reports")
    String cpuVendor;

    @Option(names = "--nvml-lib", paramLabel = "FILE",
            description = "NVML library to load (default: ${DEFAULT-VALUE} from the system)")
    String nvmlLibrary = MeterConfig.DEFAULT_NVML_LIBRARY;

    /** The sampler's sane range: slower misses counter wraps, faster than RAPL's ~1 ms updates reads nothing new. */
    static final double MIN_SAMPLE_HZ = 0.1;
    static final double MAX_SAMPLE_HZ = 1000;

    @Option(names = "--sample-hz", paramLabel = "HZ",
            description = "sampler rate for power timelines and wrap guards, " + MIN_SAMPLE_HZ + " to " + MAX_SAMPLE_HZ
                    + " (default: ${DEFAULT-VALUE})")
    double sampleHz = MeterConfig.DEFAULT_SAMPLE_HZ;

    MeterConfig config() throws org.joulebench.harness.InputException {
        Bounds.within("--sample-hz", sampleHz, MIN_SAMPLE_HZ, MAX_SAMPLE_HZ);
        try {
            return MeterConfig.system().withPowercapRoot(powercapRoot).withMsrRoot(msrRoot).withCpuSysRoot(cpuSysRoot)
                    .withCpuVendor(cpuVendor).withNvmlLibrary(nvmlLibrary).withSampleHz(sampleHz);
        } catch (IllegalArgumentException e) {
            throw new org.joulebench.harness.InputException(e.getMessage(), "see --help");
        }
    }
}
