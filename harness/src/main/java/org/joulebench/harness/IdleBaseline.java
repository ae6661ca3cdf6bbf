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
 * @param meters   every meter's idle power over the same window (the first is the fields above), each subtracted from
 *                 its own figures only; empty in results written before a run read several meters
 */
public record IdleBaseline(double watts, String method, double seconds, double joules, String boundary,
                           Double relativeUncertainty, java.util.List<MeterIdle> meters) {

    public IdleBaseline {
        meters = meters == null ? java.util.List.of() : java.util.List.copyOf(meters);
    }

    /** A baseline of one meter. */
    public IdleBaseline(double watts, String method, double seconds, double joules, String boundary,
                        Double relativeUncertainty) {
        this(watts, method, seconds, joules, boundary, relativeUncertainty, java.util.List.of());
    }

    /**
     * One meter's idle power.
     *
     * @param watts         the meter's total over the idle window, per second
     * @param wattsByDomain the same per domain of queries.csv ({@code cpu_package}, {@code dram}, {@code gpu})
     */
    public record MeterIdle(String meter, String method, String boundary, double watts,
                            java.util.Map<String, Double> wattsByDomain) {

        public MeterIdle {
            wattsByDomain = wattsByDomain == null ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(wattsByDomain));
        }
    }

    /** The idle power of {@code meter} (an id), or null where this baseline does not know it. */
    public MeterIdle of(String meter) {
        return meters.stream().filter(m -> m.meter().equals(meter)).findFirst().orElse(null);
    }
}
