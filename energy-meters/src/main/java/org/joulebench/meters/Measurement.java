package org.joulebench.meters;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one window measured: energy per domain, the total over the meter's boundary, the
 * duration, the method every figure was obtained by, and flags that qualify the figures.
 *
 * @param total the meter's total over its boundary; domains nested inside others (core inside
 *              package) are not added twice
 * @param flags what a reader must know to judge the figures, e.g. {@link Flag#SHORTER_THAN_UPDATE_PERIOD};
 *              empty for a plain measurement
 * @param bySource each source's part where a domain has several (a GPU board by its UUID); empty where the meter
 *              does not break its domains down
 */
public record Measurement(String label, Method method, Duration duration, Map<Domain, Energy> byDomain,
                          Energy total, Set<Flag> flags, Map<String, Energy> bySource) {

    /** A qualification of a measurement's figures. */
    public enum Flag {
        /**
         * The window was shorter than its meter's {@link Meter#updatePeriod()}: the counters may not
         * have moved, or moved by one whole update, so the figures are coarse or zero.
         */
        SHORTER_THAN_UPDATE_PERIOD
    }

    public Measurement {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(flags, "flags");
        byDomain = byDomain.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(byDomain));
        flags = flags.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        bySource = bySource == null || bySource.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bySource));
    }

    /** A measurement without a breakdown by source. */
    public Measurement(String label, Method method, Duration duration, Map<Domain, Energy> byDomain, Energy total,
                       Set<Flag> flags) {
        this(label, method, duration, byDomain, total, flags, Map.of());
    }

    /** A measurement without flags. */
    public Measurement(String label, Method method, Duration duration, Map<Domain, Energy> byDomain, Energy total) {
        this(label, method, duration, byDomain, total, Set.of());
    }

    public Power averagePower() {
        return total.over(duration);
    }

    /** Whether the window was shorter than its meter's update period (see {@link Flag#SHORTER_THAN_UPDATE_PERIOD}). */
    public boolean shorterThanUpdatePeriod() {
        return flags.contains(Flag.SHORTER_THAN_UPDATE_PERIOD);
    }

    /** This measurement with {@code flag} added. */
    public Measurement withFlag(Flag flag) {
        Objects.requireNonNull(flag, "flag");
        if (flags.contains(flag)) {
            return this;
        }
        Set<Flag> more = EnumSet.of(flag);
        more.addAll(flags);
        return new Measurement(label, method, duration, byDomain, total, more, bySource);
    }
}
