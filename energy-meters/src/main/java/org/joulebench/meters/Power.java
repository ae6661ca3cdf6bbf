package org.joulebench.meters;

import java.time.Duration;

/** A rate of energy. */
public record Power(double watts) {

    public Power {
        if (Double.isNaN(watts) || Double.isInfinite(watts)) {
            throw new IllegalArgumentException("power must be finite, was " + watts);
        }
    }

    public static Power ofWatts(double watts) {
        return new Power(watts);
    }

    public static Power ofMilliwatts(double milliwatts) {
        return new Power(milliwatts * 1e-3);
    }

    /** Energy spent at this power over {@code duration}. */
    public Energy times(Duration duration) {
        return Energy.ofJoules(watts * (duration.toNanos() / 1e9));
    }

    @Override
    public String toString() {
        return watts + " W";
    }
}
