package org.joulebench.harness;

import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.MeterSet;
import org.joulebench.meters.Ticker;

/**
 * Every meter call of the serving scenario, for one level at a time: a window over the whole level (ramp-up and tail
 * included, the gross figure) and, inside it, the steady-state window, begun and ended on the fly at the moments
 * {@link SteadyState} names. Each is a window over every meter of the run (the CPU meter and each GPU meter, nested),
 * read at its two ends by each meter's own method, so the steady state's energy is each meter's own figure, not
 * apportioned from the level's. Thread-safe: streams open and close the
 * steady window from their engines' threads. A meter fault inside a stream's callback is kept and thrown by {@link
 * #endLevel}, so that an engine never sees it.
 */
final class ServingMeter {

    /** What one level measured. {@code steady} is null where the window never opened or never closed. */
    record Readings(MeterSet.Readings level, long levelStartNanos, long levelEndNanos, MeterSet.Readings steady,
                    SteadyState.Span span) {
    }

    private final RunEnergy meters;
    private final Ticker clock;
    private String label;
    private MeterSet.Windows level;
    private long levelStart;
    private MeterSet.Windows steady;
    private long openAt;
    private MeterSet.Readings steadyMeasured;
    private SteadyState.Span span;
    private MeterReadException fault;

    ServingMeter(RunEnergy meters, Ticker clock) {
        this.meters = meters;
        this.clock = clock;
    }

    synchronized void beginLevel(String label) {
        this.label = label;
        steady = null;
        steadyMeasured = null;
        span = null;
        fault = null;
        levelStart = clock.nanoTime();
        level = meters.begin(label);
    }

    /** Opens the steady-state window now, once per level. */
    synchronized void openSteady() {
        if (level == null || steady != null || fault != null) {
            return;
        }
        try {
            steady = meters.begin(label + " steady state");
            openAt = clock.nanoTime();
        } catch (MeterReadException e) {
            fault = e;
        }
    }

    /** Closes the steady-state window now, if it is open; once per level. */
    synchronized void closeSteady() {
        if (steady == null || steadyMeasured != null || fault != null) {
            return;
        }
        long closeAt = clock.nanoTime();
        try {
            steadyMeasured = steady.end();
            span = new SteadyState.Span(openAt, closeAt);
        } catch (MeterReadException e) {
            fault = e;
        }
    }

    /**
     * Ends the level's window. A steady window still open (the level ended before any stream ran dry, which the
     * rule does not allow) is ended and left out.
     *
     * @throws MeterReadException a fault of any of the level's readings
     */
    synchronized Readings endLevel() {
        if (steady != null && steadyMeasured == null) {
            try {
                steady.end();
            } catch (MeterReadException e) {
                // left out anyway
            }
        }
        MeterSet.Windows w = level;
        level = null;
        if (fault != null) {
            try {
                w.end();
            } catch (MeterReadException e) {
                // the first fault is the one reported
            }
            throw fault;
        }
        MeterSet.Readings m = w.end();
        return new Readings(m, levelStart, clock.nanoTime(), steadyMeasured, steadyMeasured == null ? null : span);
    }
}
