package org.joulebench.harness;

import java.util.List;
import java.util.Locale;

/**
 * The one identity of a host, as a run described it: the first 12 hex digits of the sha256 over the machine's
 * hardware and OS family. Reports (report.csv, the cross-run report), the results history ({@code jb_run}) and
 * {@link Comparability} all use this value, so one run has one fingerprint wherever it appears.
 *
 * <p>In it, because they change what a joule buys: CPU vendor, model and microarchitecture, physical cores, logical
 * CPUs, memory (rounded to whole GiB: the kernel's reserved memory moves the exact total by megabytes from one boot
 * or kernel to the next), the GPUs, the OS family (Linux, Windows, macOS: the same machine meters differently under
 * each) and the virtualisation (a VM or container may report the host's CPU while sharing it).
 *
 * <p>Left out: the host name, because a fleet of identical machines (CI runners, whose names change with every job)
 * should form one trend and a renamed machine stays the same machine; the kernel, OS release and JVM, because they
 * change with routine updates, and a trend across an update should stay one line in which the update shows as a
 * step. All three are still recorded beside the fingerprint (results.json, the history's columns, the
 * reproducibility section).
 */
public final class HostFingerprint {

    /** What the fingerprint covers, in words a report can print. */
    public static final String DEFINITION = "host fingerprint = the first 12 hex digits of sha256 over CPU vendor,"
            + " CPU model, microarchitecture, physical cores, logical CPUs, memory in whole GiB, GPUs, OS family and"
            + " virtualisation, joined with '|' (host name, kernel, OS release and JVM are left out: they change"
            + " without the hardware changing)";

    /** The fingerprint of a run that recorded no host. */
    public static final String UNKNOWN = "unknown";

    private static final long GIB = 1L << 30;

    private HostFingerprint() {
    }

    /** The fingerprint of {@code host}; {@link #UNKNOWN} where the run recorded no host. */
    public static String of(HostInfo host) {
        if (host == null) {
            return UNKNOWN;
        }
        return of(host.cpuVendor(), host.cpuModel(), host.microarchitecture(), host.physicalCores(),
                host.logicalCpus(), host.memoryBytes(), String.join(", ", host.gpus()), host.os(),
                host.virtualisation());
    }

    /**
     * The fingerprint from a host's fields as stored apart (the history's columns), {@code gpus} joined with ", ":
     * the same value {@link #of(HostInfo)} gives for the host they came from.
     */
    public static String of(String cpuVendor, String cpuModel, String microarchitecture, int physicalCores,
                            int logicalCpus, long memoryBytes, String gpus, String os, String virtualisation) {
        String text = String.join("|", List.of(String.valueOf(cpuVendor), String.valueOf(cpuModel),
                String.valueOf(microarchitecture), Integer.toString(physicalCores), Integer.toString(logicalCpus),
                Long.toString(Math.round((double) memoryBytes / GIB)), String.valueOf(gpus), osFamily(os),
                String.valueOf(virtualisation)));
        return org.joulebench.zoo.Sha256.hex(text).substring(0, 12);
    }

    /** "linux", "windows", "macos", "freebsd", or the whole description where it names none of them. */
    static String osFamily(String os) {
        String s = String.valueOf(os).toLowerCase(Locale.ROOT);
        for (String family : List.of("linux", "windows", "freebsd")) {
            if (s.contains(family)) {
                return family;
            }
        }
        if (s.contains("macos") || s.contains("mac os") || s.contains("darwin")) {
            return "macos";
        }
        return s;
    }
}
