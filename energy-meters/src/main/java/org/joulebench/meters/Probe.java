package org.joulebench.meters;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "can this meter work here?": available with a description of what it found, or
 * unavailable with the reason and what the user can do about it. Never a silent zero.
 */
public final class Probe {

    private final boolean available;
    private final String detail;
    private final String fix;

    private Probe(boolean available, String detail, String fix) {
        this.available = available;
        this.detail = Objects.requireNonNull(detail, "detail");
        this.fix = fix;
    }

    /** An available meter; {@code found} says what it found (zones, devices). */
    public static Probe available(String found) {
        return new Probe(true, found, null);
    }

    /** An unavailable meter: {@code reason} says why, {@code fix} what to do. */
    public static Probe unavailable(String reason, String fix) {
        return new Probe(false, reason, Objects.requireNonNull(fix, "fix"));
    }

    public boolean isAvailable() {
        return available;
    }

    /** What was found when available; the reason when not. */
    public String detail() {
        return detail;
    }

    /** How to make an unavailable meter work; empty when available. */
    public Optional<String> fix() {
        return Optional.ofNullable(fix);
    }

    @Override
    public String toString() {
        return available ? "available: " + detail : "unavailable: " + detail + " (fix: " + fix + ")";
    }
}
