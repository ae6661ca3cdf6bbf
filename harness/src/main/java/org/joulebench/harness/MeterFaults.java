package org.joulebench.harness;

import java.util.ArrayList;
import java.util.List;

import org.joulebench.meters.MeterReadException;

/**
 * What a run does when a meter spoils a window (a counter reset, a failed read, a gap between reads longer than
 * a wrap): only the windows that span the fault are lost. The query is measured again, up to {@value #ATTEMPTS}
 * times in all, and the run goes on; a pass window that a fault spoiled leaves its queries with their own
 * windows. The faults are counted for results.json ({@code counter_resets} in the used meter's details) and a
 * warning. A meter that spoils {@value #ATTEMPTS} windows of one query in a row fails the run.
 */
final class MeterFaults {

    /** Measurements of one query, the first included. */
    static final int ATTEMPTS = 3;
    private static final int KEPT = 3;

    /** A measurement that may throw the run's own exceptions. */
    @FunctionalInterface
    interface Measure<T, E extends Exception> {
        T run() throws E;
    }

    private final List<String> first = new ArrayList<>();
    private long count;

    /** Runs {@code measure}, again when a meter fault spoiled its window. */
    <T, E extends Exception> T measure(String what, Measure<T, E> measure) throws E {
        for (int attempt = 1; ; attempt++) {
            try {
                return measure.run();
            } catch (MeterReadException e) {
                record(what, e);
                if (attempt == ATTEMPTS) {
                    throw new MeterReadException(what + ": the meter spoiled " + ATTEMPTS + " measurements in a row,"
                            + " the last: " + e.getMessage(), e);
                }
            }
        }
    }

    /** Counts a fault that spoiled a window nobody measures again (a pass's). */
    void record(String what, MeterReadException e) {
        count++;
        if (first.size() < KEPT) {
            first.add(what + ": " + e.getMessage());
        }
    }

    long count() {
        return count;
    }

    /** The warning for results.json, or null when there was no fault. */
    String warning() {
        if (count == 0) {
            return null;
        }
        return count + " measurement window" + (count == 1 ? " was" : "s were") + " spoiled by a meter fault (a"
                + " counter reset, a failed read, or reads further apart than a wrap) and measured again, or, for a"
                + " pass window, left its queries their own windows; the first: " + String.join("; ", first);
    }
}
