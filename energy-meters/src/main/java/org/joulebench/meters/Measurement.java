package org.joulebench.meters;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one window measured: energy per domain, the total over the meter's boundary, the
 * duration, and the method every figure was obtained by.
 *
 * @param total the meter's total over its boundary; domains nested inside others (core inside
 *              package) are not added twice
 */
public record Measurement(String label, Method method, Duration duration, Map<Domain, Energy> byDomain,
                          Energy total) {

    public Measurement {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(total, "total");
        byDomain = byDomain.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(byDomain));
    }

    public Power averagePower() {
        return total.over(duration);
    }
}
