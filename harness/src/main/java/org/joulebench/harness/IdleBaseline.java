package org.joulebench.harness;

/**
 * Power drawn with nothing running, measured before the suite and subtracted to give net energy; the one home of
 * what net energy ({@link #net(double, double, double)}) and idle drift ({@link #driftTo}) are. A run without a
 * baseline ({@code --idle-seconds 0}) has {@link #none}: not {@linkplain #measured() measured}, nothing subtracted,
 * net = gross.
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

    /**
     * Net energy: {@code grossJoules} less {@code idleWatts} over {@code seconds} of the same window. Every net
     * figure of Joulebench (a query, a pass, a domain, an A/B run, {@code measure}) is this; it may fall below zero
     * where a workload draws little more than idle and the meter is noisy.
     */
    public static double net(double grossJoules, double idleWatts, double seconds) {
        return grossJoules - idleWatts * seconds;
    }

    /** The baseline of a run without one ({@code --idle-seconds 0}): nothing is subtracted from any meter. */
    public static IdleBaseline none(String method, String boundary, Double relativeUncertainty,
                                    java.util.List<MeterIdle> meters) {
        return new IdleBaseline(0, method, 0, 0, boundary, relativeUncertainty, meters);
    }

    /**
     * Whether power was measured with nothing running; false for {@link #none} (its zero watts are no figure:
     * nothing was subtracted, and a report says "not measured", never 0 W).
     */
    public boolean measured() {
        return seconds > 0;
    }

    /** {@link #net(double, double, double)} with this baseline's own power (its first meter's total). */
    public double net(double grossJoules, double seconds) {
        return net(grossJoules, measured() ? watts : 0, seconds);
    }

    /**
     * How far idle power moved from this baseline to {@code after}: {@code (after − before) / before}. Empty where
     * either was not measured, or this one's power is zero or not finite (a drift relative to nothing is no figure).
     */
    public java.util.Optional<Double> driftTo(IdleBaseline after) {
        if (after == null || !measured() || !after.measured() || !Double.isFinite(watts)
                || !Double.isFinite(after.watts()) || watts == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of((after.watts() - watts) / Math.abs(watts));
    }

    /** The idle power of {@code meter} (an id), or null where this baseline does not know it. */
    public MeterIdle of(String meter) {
        return meters.stream().filter(m -> m.meter().equals(meter)).findFirst().orElse(null);
    }
}
