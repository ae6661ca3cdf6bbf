package org.joulebench.reports;

import java.util.List;

import org.joulebench.harness.HostInfo;

/**
 * A short fingerprint of a host as a run described it: the first 12 hex digits of the sha256 over its
 * CPU, core counts, memory, operating system, kernel, JVM, GPUs and virtualisation (not its name, which
 * a fleet may share). Two runs with the same fingerprint ran on machines that describe themselves alike.
 */
public final class HostFingerprint {

    /** What the fingerprint covers, in words a report can print. */
    public static final String DEFINITION = "host fingerprint = the first 12 hex digits of sha256 over CPU vendor,"
            + " CPU model, microarchitecture, physical cores, logical CPUs, memory bytes, OS, kernel, JVM, GPUs and"
            + " virtualisation, joined with '|' (the host name is left out)";

    private HostFingerprint() {
    }

    /** The fingerprint of {@code host}; {@code unknown} where the run recorded no host. */
    public static String of(HostInfo host) {
        if (host == null) {
            return "unknown";
        }
        String text = String.join("|", List.of(String.valueOf(host.cpuVendor()), String.valueOf(host.cpuModel()),
                String.valueOf(host.microarchitecture()), Integer.toString(host.physicalCores()),
                Integer.toString(host.logicalCpus()), Long.toString(host.memoryBytes()), String.valueOf(host.os()),
                String.valueOf(host.kernel()), String.valueOf(host.jvm()), String.join(",", host.gpus()),
                String.valueOf(host.virtualisation())));
        return org.joulebench.zoo.Sha256.hex(text).substring(0, 12);
    }
}
