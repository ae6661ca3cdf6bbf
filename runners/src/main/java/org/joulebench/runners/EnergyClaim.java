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

    private static final String LABEL = "server's claim";

    /**
     * The claim of {@code joules} whose {@link #label()} is {@code label} (read back from a file that holds both);
     * a label of another form keeps only the joules.
     */
    public static EnergyClaim fromLabel(double joules, String label) {
        String rest = label == null ? "" : label.strip();
        if (!rest.startsWith(LABEL)) {
            return new EnergyClaim(joules, "", "", "");
        }
        rest = rest.substring(LABEL.length());
        String boundary = "";
        int b = rest.indexOf(", boundary ");
        if (b >= 0) {
            boundary = rest.substring(b + ", boundary ".length());
            rest = rest.substring(0, b);
        }
        String meter = "";
        int m = rest.indexOf(", meter ");
        if (m >= 0) {
            meter = rest.substring(m + ", meter ".length());
            rest = rest.substring(0, m);
        }
        String method = rest.startsWith(", method ") ? rest.substring(", method ".length()) : "";
        return new EnergyClaim(joules, method, meter, boundary);
    }

    /** How the claim is labelled wherever it is shown. */
    public String label() {
        StringBuilder s = new StringBuilder(LABEL);
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
