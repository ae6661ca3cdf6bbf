package org.joulebench.runners.serve;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The energy meter {@code serve} reads around each response, so that the response's {@code usage} can carry what
 * was measured while it was served. The runners module knows no meters: the command line implements this over its
 * own meter. Windows may overlap (concurrent responses), and each is read independently; a meter reads the whole of
 * its {@link #boundary()}, so overlapping windows count the same joules more than once.
 */
public interface ResponseMeter {

    /** The meter's id, e.g. {@code rapl}. */
    String id();

    /** How its figures are obtained, e.g. {@code COUNTER}, {@code POWER_INTEGRATION}, {@code ESTIMATE}. */
    String method();

    /** What its figures cover, in words, e.g. "CPU packages + DRAM of this host (RAPL)". */
    String boundary();

    /** Opens a window now. */
    Window begin(String label);

    /** One open window; {@link #end()} is called once. */
    interface Window {

        /** Closes the window and returns what it measured, or fails with the reason (never a made-up figure). */
        Reading end() throws Unreadable;
    }

    /**
     * What one window measured.
     *
     * @param joules   gross energy of the whole boundary over the window, in joules (the JSON figure's unit)
     * @param duration the window's length
     * @param flags    caveats in words, e.g. "shorter_than_update_period"; empty when there are none
     */
    record Reading(double joules, Duration duration, List<String> flags) {

        public Reading {
            Objects.requireNonNull(duration, "duration");
            flags = List.copyOf(flags);
            if (!Double.isFinite(joules)) {
                throw new IllegalArgumentException("joules must be finite, was " + joules);
            }
        }
    }

    /** The meter could not be read for a window; the message says why. */
    final class Unreadable extends Exception {

        private static final long serialVersionUID = 1L;

        public Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
