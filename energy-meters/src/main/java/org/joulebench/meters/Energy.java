package org.joulebench.meters;

/**
 * An amount of energy. The unit lives in the type: construct from the unit a source speaks
 * (microjoules from sysfs, millijoules from NVML) and read joules out.
 */
public record Energy(double joules) implements Comparable<Energy> {

    public static final Energy ZERO = new Energy(0.0);

    public Energy {
        if (Double.isNaN(joules) || Double.isInfinite(joules)) {
            throw new IllegalArgumentException("energy must be finite, was " + joules);
        }
    }

    public static Energy ofJoules(double joules) {
        return new Energy(joules);
    }

    public static Energy ofMicrojoules(double microjoules) {
        return new Energy(microjoules * 1e-6);
    }

    public static Energy ofMillijoules(double millijoules) {
        return new Energy(millijoules * 1e-3);
    }

    public Energy plus(Energy other) {
        return new Energy(joules + other.joules);
    }

    public Energy minus(Energy other) {
        return new Energy(joules - other.joules);
    }

    public Energy times(double factor) {
        return new Energy(joules * factor);
    }

    /** Average power over {@code duration}; the duration must be positive. */
    public Power over(java.time.Duration duration) {
        double seconds = duration.toNanos() / 1e9;
        if (seconds <= 0) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
        return Power.ofWatts(joules / seconds);
    }

    @Override
    public int compareTo(Energy o) {
        return Double.compare(joules, o.joules);
    }

    @Override
    public String toString() {
        return joules + " J";
    }
}
