package org.joulebench.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.joulebench.harness.InputException;
import org.joulebench.meters.MeterConfig;

import picocli.CommandLine.Option;

/**
 * Options every command that touches meters shares: where each meter reads its hardware from. The values are parsed
 * by {@link org.joulebench.meters.MeterOptions}, the one parser the JMH profiler and the JUnit extension use too;
 * {@code --meter} is each command's own (one meter, a list, or none).
 */
final class MeterOptions {

    @Option(names = "--powercap-root", paramLabel = "DIR",
            description = "powercap sysfs folder (default: ${DEFAULT-VALUE}); point it at a copy or a fake tree")
    String powercapRoot = MeterConfig.DEFAULT_POWERCAP_ROOT.toString();

    @Option(names = "--msr-root", paramLabel = "DIR",
            description = "MSR device folder holding N/msr (default: ${DEFAULT-VALUE})")
    String msrRoot = MeterConfig.DEFAULT_MSR_ROOT.toString();

    @Option(names = "--cpu-sys-root", paramLabel = "DIR", hidden = true,
            description = "CPU topology folder (default: ${DEFAULT-VALUE}); for tests and containers")
    String cpuSysRoot = MeterConfig.DEFAULT_CPU_SYS_ROOT.toString();

    @Option(names = "--cpu-vendor", paramLabel = "intel|amd",
            description = "read the MSRs of this vendor instead of the one the CPU reports")
    String cpuVendor;

    @Option(names = "--nvml-lib", paramLabel = "FILE",
            description = "NVML library to load (default: ${DEFAULT-VALUE} from the system)")
    String nvmlLibrary = MeterConfig.DEFAULT_NVML_LIBRARY;

    @Option(names = "--sample-hz", paramLabel = "HZ",
            description = "sampler rate for power timelines and wrap guards, "
                    + org.joulebench.meters.MeterOptions.MIN_SAMPLE_HZ + " to 1000 (default: ${DEFAULT-VALUE})")
    String sampleHz = Long.toString((long) MeterConfig.DEFAULT_SAMPLE_HZ);

    MeterConfig config() throws InputException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(org.joulebench.meters.MeterOptions.Option.POWERCAP_ROOT.key(), powercapRoot);
        values.put(org.joulebench.meters.MeterOptions.Option.MSR_ROOT.key(), msrRoot);
        values.put(org.joulebench.meters.MeterOptions.Option.CPU_SYS_ROOT.key(), cpuSysRoot);
        values.put(org.joulebench.meters.MeterOptions.Option.CPU_VENDOR.key(), cpuVendor);
        values.put(org.joulebench.meters.MeterOptions.Option.NVML_LIB.key(), nvmlLibrary);
        values.put(org.joulebench.meters.MeterOptions.Option.SAMPLE_HZ.key(), sampleHz);
        try {
            return org.joulebench.meters.MeterOptions.parse(values, MeterConfig.system(), "--").config();
        } catch (org.joulebench.meters.MeterOptions.OptionException e) {
            throw new InputException(e.getMessage(), e.fix());
        }
    }
}
