package org.joulebench.meters;

/** How an energy figure was obtained. Figures of different methods are never added together. */
public enum Method {
    /** Difference of a cumulative hardware energy counter (RAPL energy_uj, NVML total energy). */
    COUNTER,
    /** Integration of sampled power readings over time. */
    POWER_INTEGRATION,
    /** A model's estimate from indirect observations (CPU time, utilisation); no energy was measured. */
    ESTIMATE
}
