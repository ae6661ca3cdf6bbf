package org.joulebench.meters;

/**
 * The plug-in point for a source of energy figures, found by {@link java.util.ServiceLoader}.
 * A provider proves in {@link #probe} whether it can work here and says why not; {@link #open}
 * fails early with the same reason rather than mid-run.
 */
public interface MeterProvider {

    /** Short stable id used on the command line: {@code rapl}, {@code estimate}, … */
    String id();

    /** What the meter measures, in a few words. */
    String description();

    /** The method its figures carry. */
    Method method();

    /** Higher wins when {@code --meter auto} chooses among available meters. */
    int priority();

    /**
     * Whether the meter measures the host's CPU side (packages, cores, DRAM): {@code auto} picks the
     * best of these. Meters of accelerators (GPUs) return false and are added beside it where a
     * command measures everything it can.
     */
    default boolean measuresCpu() {
        return true;
    }

    /** Whether the meter can work with this configuration, and if not, why and how to fix it. */
    Probe probe(MeterConfig config);

    /** Opens the meter; throws with the reason and the fix when it cannot work. */
    Meter open(MeterConfig config) throws MeterUnavailableException;
}
