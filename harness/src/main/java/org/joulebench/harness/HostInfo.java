package org.joulebench.harness;

import java.util.List;

/** The machine a run ran on, as OSHI and the JVM describe it. */
public record HostInfo(String hostname, String cpuVendor, String cpuModel, String microarchitecture,
                       int physicalCores, int logicalCpus, long memoryBytes, String os, String kernel, String jvm,
                       List<String> gpus, String virtualisation) {

    public HostInfo {
        gpus = List.copyOf(gpus);
    }
}
