package org.joulebench.meters.rapl;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.joulebench.meters.Domain;

/**
 * The RAPL zones of one host and the rule for adding them up. With package zones, the total is
 * every package plus every DRAM zone: core and uncore lie inside the package, and psys contains
 * both, so those are reported per domain but never added. Without package zones, psys alone is
 * the total.
 *
 * @param root    the powercap folder the zones were found under
 * @param zones   the zones in a stable order (by zone id, numerically)
 * @param ignored zones skipped, as {@code id (name)}, for the details
 */
record ZoneSet(Path root, List<Zone> zones, List<String> ignored) {

    ZoneSet {
        zones = List.copyOf(zones);
        ignored = List.copyOf(ignored);
    }

    boolean inTotal(Zone zone) {
        return count(Domain.CPU_PACKAGE) > 0
                ? zone.domain() == Domain.CPU_PACKAGE || zone.domain() == Domain.DRAM
                : zone.domain() == Domain.PSYS;
    }

    /** The domains present, in the order {@link Domain} declares them. */
    List<Domain> domains() {
        Set<Domain> present = EnumSet.noneOf(Domain.class);
        zones.forEach(z -> present.add(z.domain()));
        return List.copyOf(present);
    }

    long count(Domain domain) {
        return zones.stream().filter(z -> z.domain() == domain).count();
    }

    /** What the total covers, e.g. "CPU packages (2) + DRAM (2) of this host, RAPL powercap counters". */
    String boundary() {
        long packages = count(Domain.CPU_PACKAGE);
        long dram = count(Domain.DRAM);
        String covered;
        if (packages == 0) {
            covered = "platform (psys)";
        } else {
            covered = (packages == 1 ? "CPU package" : "CPU packages") + " (" + packages + ")"
                    + (dram == 0 ? "" : " + DRAM (" + dram + ")");
        }
        return covered + " of this host, RAPL powercap counters";
    }

    /** The rule {@link #inTotal} applies, in words for the details. */
    String totalRule() {
        return count(Domain.CPU_PACKAGE) > 0
                ? "total = all package zones + all dram zones; core and uncore lie inside the package and psys"
                        + " contains everything, so they are reported per domain and not added"
                : "no package zones: total = psys, which covers the whole platform";
    }
}
