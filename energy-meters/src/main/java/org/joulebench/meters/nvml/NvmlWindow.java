package org.joulebench.meters.nvml;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Window;

/**
 * One window over the GPUs, ended once: each kind of meter ({@link NvmlCounterWindow}, {@link NvmlSampledWindow})
 * turns its start into a measurement at its end. After {@link #end}, {@link #byDevice} holds each board's share
 * and {@link #notes} anything a reader should know about the figure; a window shorter than the meter's
 * {@link NvmlMeter#updatePeriod()} is also flagged {@link Measurement.Flag#SHORTER_THAN_UPDATE_PERIOD}.
 */
abstract sealed class NvmlWindow implements Window permits NvmlCounterWindow, NvmlSampledWindow {

    private final String label;
    private final NvmlMeter meter;
    final long startNanos;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Map<String, Energy> byDevice = Map.of();
    private volatile List<String> notes = List.of();

    NvmlWindow(String label, NvmlMeter meter, long startNanos) {
        this.label = label;
        this.meter = meter;
        this.startNanos = startNanos;
    }

    @Override
    public String label() {
        return label;
    }

    NvmlMeter meter() {
        return meter;
    }

    /**
     * Ends the window.
     *
     * @throws org.joulebench.meters.CounterResetException when a board's energy counter went back
     *                                                     within the window
     */
    @Override
    public final Measurement end() {
        meter.ensureOpen();
        if (!ended.compareAndSet(false, true)) {
            throw new IllegalStateException("window '" + label + "' was already ended");
        }
        return measure();
    }

    /** The kind's measurement, once. */
    abstract Measurement measure();

    final void checkClock(long endNanos) {
        if (endNanos < startNanos) {
            throw new MeterReadException("the clock went backwards in window '" + label + "'");
        }
    }

    final Measurement finish(long endNanos, Map<String, Energy> perDevice, Energy total, List<String> remarks) {
        byDevice = Collections.unmodifiableMap(perDevice);
        notes = List.copyOf(remarks);
        Duration duration = Duration.ofNanos(endNanos - startNanos);
        Set<Measurement.Flag> flags = duration.compareTo(meter.updatePeriod()) < 0
                ? Set.of(Measurement.Flag.SHORTER_THAN_UPDATE_PERIOD)
                : Set.of();
        return new Measurement(label, meter.method(), duration, Map.of(Domain.GPU, total), total, flags, byDevice);
    }

    /** Each board's energy by UUID, in device order; empty until the window has ended. */
    Map<String, Energy> byDevice() {
        return byDevice;
    }

    /** Remarks on the figure (a short window, held power); empty when there are none. */
    List<String> notes() {
        return notes;
    }
}
