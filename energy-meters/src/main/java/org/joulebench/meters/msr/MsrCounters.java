package org.joulebench.meters.msr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.joulebench.meters.Domain;
import org.joulebench.meters.msr.CpuInfo.CpuModel;

/**
 * The RAPL MSR counters of one host, the devices they are read through, and the rule for adding
 * them up: every package plus every DRAM counter. Core and uncore lie inside the package and psys
 * contains both, so those are reported per domain but never added (as for the powercap meter).
 *
 * @param root     the MSR device folder
 * @param vendor   the register layout read, and where that choice came from
 * @param cpuModel the CPU's vendor, family and model from {@code /proc/cpuinfo}; empty when unknown
 * @param packages the packages, by {@code physical_package_id}
 * @param counters the counters in a stable order: by package, then in the vendor's register order
 * @param absent   registers found missing at open, as {@code register on device: why}, for the details
 */
record MsrCounters(Path root, VendorChoice vendor, Optional<CpuModel> cpuModel, List<MsrPackage> packages,
                   List<Counter> counters, List<String> absent) {

    /**
     * @param overridden whether {@code --cpu-vendor} chose the layout
     * @param source     where the choice came from, e.g. {@code /proc/cpuinfo vendor_id GenuineIntel}
     */
    record VendorChoice(Vendor vendor, boolean overridden, String source) {
    }

    MsrCounters {
        packages = List.copyOf(packages);
        counters = List.copyOf(counters);
        absent = List.copyOf(absent);
    }

    boolean inTotal(Counter counter) {
        return inTotal(counter.register().domain());
    }

    static boolean inTotal(Domain domain) {
        return domain == Domain.CPU_PACKAGE || domain == Domain.DRAM;
    }

    /** The domains present, in the order {@link Domain} declares them. */
    List<Domain> domains() {
        Set<Domain> present = EnumSet.noneOf(Domain.class);
        counters.forEach(c -> present.add(c.register().domain()));
        return List.copyOf(present);
    }

    /** Packages with a counter of {@code domain}. */
    long packagesWith(Domain domain) {
        return counters.stream().filter(c -> c.register().domain() == domain).map(c -> c.pkg().id()).distinct()
                .count();
    }

    /** What the total covers, e.g. "CPU packages (2) + DRAM (2) of this host, RAPL MSR counters". */
    String boundary() {
        long pkgs = packages.size();
        long dram = packagesWith(Domain.DRAM);
        return (pkgs == 1 ? "CPU package" : "CPU packages") + " (" + pkgs + ")"
                + (dram == 0 ? "" : " + DRAM (" + dram + ")") + " of this host, RAPL MSR counters";
    }

    /** The rule {@link #inTotal} applies, in words for the details. */
    String totalRule() {
        return "total = all package counters + all dram counters; core and uncore lie inside the package and psys"
                + " contains everything, so they are reported per domain and not added";
    }

    /** Closes every device; the first failure is thrown once all were tried. */
    void close() {
        IOException first = null;
        for (MsrAccess.Device device : counters.stream().map(Counter::device).distinct().toList()) {
            try {
                device.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw new UncheckedIOException("cannot close an MSR device under " + root, first);
        }
    }
}
