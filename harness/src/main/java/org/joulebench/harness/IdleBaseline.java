package org.joulebench.harness;

/**
 * Power drawn with nothing running, measured before the suite and subtracted to give net energy.
 *
 * @param watts    average power over the idle window
 * @param method   the meter's method
 * @param seconds  length of the idle window
 * @param joules   energy over the idle window
 * @param boundary what the meter covers
 * @param relativeUncertainty the method's own systematic uncertainty (estimates), or null for counters
 */
public record IdleBaseline(double watts, String method, double seconds, double joules, String boundary,
                           Double relativeUncertainty) {
}
