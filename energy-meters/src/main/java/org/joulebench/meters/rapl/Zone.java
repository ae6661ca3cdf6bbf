package org.joulebench.meters.rapl;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.joulebench.meters.CounterResetException;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Power;

/**
 * One RAPL powercap zone, identified by the text of its {@code name} file, never by its index.
 *
 * @param id                the zone's folder name, e.g. {@code intel-rapl:0:1}
 * @param dir               the zone's folder
 * @param name              the content of its {@code name} file, e.g. {@code package-0}, {@code dram}
 * @param domain            what the zone covers
 * @param maxEnergyRangeUj  where {@code energy_uj} wraps to zero, from {@code max_energy_range_uj}
 * @param maxPowerUw        the most power the zone can draw, in µW: bounds how fast the counter can
 *                          wrap and tells a reset from energy
 * @param maxPowerSource    where {@code maxPowerUw} came from, for the details
 */
record Zone(String id, Path dir, String name, Domain domain, long maxEnergyRangeUj, long maxPowerUw,
            String maxPowerSource) {

    /** {@code package-0}, and on multi-die parts {@code package-0-die-1}. */
    private static final Pattern PACKAGE = Pattern.compile("package-\\d+(-die-\\d+)?");

    /** Max power of a package, core, uncore or psys zone without power-limit files. */
    static final long DEFAULT_MAX_POWER_UW = 500_000_000L;
    /** Max power of a dram zone without power-limit files. */
    static final long DEFAULT_DRAM_MAX_POWER_UW = 100_000_000L;
    /** A delta above max power × elapsed × this factor + {@link #RESET_SLACK_UJ} is a reset. */
    static final double RESET_POWER_FACTOR = 1.5;
    static final long RESET_SLACK_UJ = 1_000_000L;

    Zone {
        Objects.requireNonNull(maxPowerSource, "maxPowerSource");
        if (maxPowerUw <= 0) {
            throw new IllegalArgumentException("max power of zone " + id + " must be positive, was " + maxPowerUw
                    + " µW");
        }
    }

    /** A zone without power-limit files: the default max power for its domain. */
    Zone(String id, Path dir, String name, Domain domain, long maxEnergyRangeUj) {
        this(id, dir, name, domain, maxEnergyRangeUj, defaultMaxPowerUw(domain), defaultSource(domain));
    }

    static long defaultMaxPowerUw(Domain domain) {
        return domain == Domain.DRAM ? DEFAULT_DRAM_MAX_POWER_UW : DEFAULT_MAX_POWER_UW;
    }

    static String defaultSource(Domain domain) {
        return "default for " + (domain == Domain.DRAM ? "dram" : "package, core, uncore and psys")
                + " zones without power-limit files";
    }

    /** {@code intel-rapl:0:2 (dram)}, for messages. */
    String label() {
        return id + " (" + name + ")";
    }

    Power maxPower() {
        return Power.ofWatts(maxPowerUw / 1e6);
    }

    /** The shortest time in which the counter can run through its whole range: range / max power. */
    Duration shortestWrap() {
        BigInteger nanos = BigInteger.valueOf(maxEnergyRangeUj).multiply(BigInteger.valueOf(1_000_000_000L))
                .divide(BigInteger.valueOf(maxPowerUw));
        return Duration.ofNanos(nanos.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact());
    }

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
     * and is left out. Two wraps between two readings cannot be seen and would undercount: the
     * meter reads every zone at least every {@link RaplMeter#requiredPollInterval()} when sampled.
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

    /**
     * {@link #deltaUj} between two readings {@code elapsedNanos} apart, checked against what the zone
     * can draw: more than max power × elapsed × {@value #RESET_POWER_FACTOR} + 1 J is a reset.
     *
     * @throws CounterResetException for a delta the zone cannot have spent
     * @throws MeterReadException    for a start above {@code max_energy_range_uj} that drops
     */
    long checkedDeltaUj(long startUj, long endUj, long elapsedNanos) {
        long delta = deltaUj(startUj, endUj);
        long elapsed = Math.max(elapsedNanos, 0);
        double limitUj = maxPowerUw * (elapsed / 1e9) * RESET_POWER_FACTOR + RESET_SLACK_UJ;
        if (delta > limitUj) {
            double impliedWatts = delta / 1e6 / (Math.max(elapsed, 1) / 1e9);
            throw new CounterResetException("RAPL zone " + label(), Energy.ofMicrojoules(startUj),
                    Energy.ofMicrojoules(endUj), Duration.ofNanos(elapsed), Power.ofWatts(impliedWatts), maxPower());
        }
        return delta;
    }
}
