package org.joulebench.ci;

/**
 * A meter an A/B comparison read, as its figures must be labelled.
 *
 * @param id        the meter's id
 * @param method    how it obtains energy (COUNTER, POWER_INTEGRATION, ESTIMATE)
 * @param boundary  what its total covers
 * @param idleWatts the idle power subtracted for net energy, or null where no idle baseline was measured
 */
public record AbMeter(String id, String method, String boundary, Double idleWatts) {
}
