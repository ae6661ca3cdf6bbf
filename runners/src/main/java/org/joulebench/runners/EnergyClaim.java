package org.joulebench.runners;

import java.util.Objects;

/**
 * The energy a server says it spent on one response (its {@code usage.energy}), as the server's claim: recorded
 * beside what Joulebench measured, never added to it or mixed with it. {@code joulebench serve} sends
 * {@code {"joules": …, "method": …, "meter": …, "boundary": …}}; a server that sends only the joules leaves the
 * rest empty.
 *
 * @param joules   the energy claimed, in joules (the wire's unit)
 * @param method   how the server got it (COUNTER, POWER_INTEGRATION, ESTIMATE, …), as it says; empty if unsaid
 * @param meter    the server's meter; empty if unsaid
 * @param boundary what the server's figure covers; empty if unsaid
 */
public record EnergyClaim(double joules, String method, String meter, String boundary) {

    public EnergyClaim {
        if (!(joules >= 0) || !Double.isFinite(joules)) {
            throw new IllegalArgumentException("a claimed energy must be a finite number of joules >= 0, was "
                    + joules);
        }
        method = Objects.requireNonNullElse(method, "");
        meter = Objects.requireNonNullElse(meter, "");
        boundary = Objects.requireNonNullElse(boundary, "");
    }

    /** How the claim is labelled wherever it is shown. */
    public String label() {
        StringBuilder s = new StringBuilder("server's claim");
        if (!method.isEmpty()) {
            s.append(", method ").append(method);
        }
        if (!meter.isEmpty()) {
            s.append(", meter ").append(meter);
        }
        if (!boundary.isEmpty()) {
            s.append(", boundary ").append(boundary);
        }
        return s.toString();
    }
}
