package org.joulebench.meters.msr;

import java.util.Objects;
import org.joulebench.meters.Power;

/**
 * The most power a counter's domain can draw: bounds how fast its 32-bit counter can wrap and
 * tells a reset from energy.
 *
 * @param power  the bound; positive
 * @param source where it came from, for the details and messages
 */
record MaxPower(Power power, String source) {

    /** A package (and psys) whose limit cannot be read: as the powercap meter's default. */
    static final Power DEFAULT_PACKAGE = Power.ofWatts(500);
    /** A DRAM counter: the MSR meter reads no DRAM limit. */
    static final Power DEFAULT_DRAM = Power.ofWatts(100);
    /** One physical core (AMD's per-core counters). */
    static final Power DEFAULT_CORE = Power.ofWatts(100);

    MaxPower {
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(source, "source");
        if (!(power.watts() > 0)) {
            throw new IllegalArgumentException("max power must be positive, was " + power);
        }
    }
}
