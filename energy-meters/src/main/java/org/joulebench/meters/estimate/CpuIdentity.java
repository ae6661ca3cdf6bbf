package org.joulebench.meters.estimate;

import java.util.Objects;

/**
 * What the CPU says it is, as OSHI reports it; the seam through which tests pass a CPU in.
 *
 * @param vendor            e.g. {@code GenuineIntel}, {@code AuthenticAMD}, {@code ARM}
 * @param name              the marketing name, e.g. {@code AMD EPYC 7R13 48-Core Processor}
 * @param family            the CPUID family as a decimal string, e.g. {@code 25}; may be empty
 * @param model             the CPUID model as a decimal string, e.g. {@code 1}; may be empty
 * @param microarchitecture OSHI's name for it, e.g. {@code Zen 3}, {@code Cascade Lake}, or {@code unknown}
 * @param logicalCpus       logical processors (vCPUs) of the host
 */
record CpuIdentity(String vendor, String name, String family, String model, String microarchitecture,
                   int logicalCpus) {

    CpuIdentity {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(microarchitecture, "microarchitecture");
        if (logicalCpus < 1) {
            throw new IllegalArgumentException("logicalCpus must be at least 1, was " + logicalCpus);
        }
    }
}
