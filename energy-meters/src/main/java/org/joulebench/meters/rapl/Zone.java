package org.joulebench.meters.rapl;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.joulebench.meters.Domain;
import org.joulebench.meters.MeterReadException;

/**
 * One RAPL powercap zone, identified by the text of its {@code name} file, never by its index.
 *
 * @param id                the zone's folder name, e.g. {@code intel-rapl:0:1}
 * @param dir               the zone's folder
 * @param name              the content of its {@code name} file, e.g. {@code package-0}, {@code dram}
 * @param domain            what the zone covers
 * @param maxEnergyRangeUj  where {@code energy_uj} wraps to zero, from {@code max_energy_range_uj}
 */
record Zone(String id, Path dir, String name, Domain domain, long maxEnergyRangeUj) {

    /** {@code package-0}, and on multi-die parts {@code package-0-die-1}. */
    private static final Pattern PACKAGE = Pattern.compile("package-\\d+(-die-\\d+)?");

    Path energyFile() {
        return dir.resolve("energy_uj");
    }

    /** The domain a zone's {@code name} stands for; empty for names RAPL does not define. */
    static Optional<Domain> domainOf(String zoneName) {
        if (PACKAGE.matcher(zoneName).matches()) {
            return Optional.of(Domain.CPU_PACKAGE);
        }
        return switch (zoneName) {
            case "dram" -> Optional.of(Domain.DRAM);
            case "core" -> Optional.of(Domain.CPU_CORE);
            case "uncore" -> Optional.of(Domain.CPU_UNCORE);
            case "psys" -> Optional.of(Domain.PSYS);
            default -> Optional.empty();
        };
    }

    /**
     * Microjoules between two readings of {@code energy_uj}. A reading below the first means the
     * counter wrapped, once: we add {@code max_energy_range_uj}. The kernel's counter runs over
     * [0, max], so the exact correction is max + 1 µJ; one microjoule is below RAPL's resolution
     * and is left out. Two wraps within one window cannot be seen and would undercount.
     */
    long deltaUj(long startUj, long endUj) {
        if (endUj >= startUj) {
            return endUj - startUj;
        }
        if (startUj > maxEnergyRangeUj) {
            throw new MeterReadException(energyFile() + " went from " + startUj + " to " + endUj
                    + " µJ but its max_energy_range_uj is " + maxEnergyRangeUj + ": not a wrap, a reset");
        }
        return endUj + (maxEnergyRangeUj - startUj);
    }
}
