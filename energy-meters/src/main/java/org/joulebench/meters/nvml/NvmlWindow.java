package org.joulebench.meters.nvml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Window;

/**
 * One window over the GPUs: the meter's running counter totals (COUNTER) or just the start time
 * (POWER_INTEGRATION, ESTIMATE) at its start, turned into a measurement at its end. After {@link #end},
 * {@link #byDevice} holds each board's share and {@link #notes} anything a reader should know
 * about the figure; a window shorter than the meter's {@link NvmlMeter#updatePeriod()} is also
 * flagged {@link Measurement.Flag#SHORTER_THAN_UPDATE_PERIOD}.
 */
final class NvmlWindow implements Window {

    private final String label;
    private final NvmlMeter meter;
    private final long startNanos;
    private final NvmlMeter.Reading start; // null for power integration and the estimate
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Map<String, Energy> byDevice = Map.of();
    private volatile List<String> notes = List.of();

    NvmlWindow(String label, NvmlMeter meter, long startNanos, NvmlMeter.Reading start) {
        this.label = label;
        this.meter = meter;
        this.startNanos = startNanos;
        this.start = start;
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
    public Measurement end() {
        meter.ensureOpen();
        if (!ended.compareAndSet(false, true)) {
            throw new IllegalStateException("window '" + label + "' was already ended");
        }
        return meter.method() == Method.COUNTER ? endCounters() : endPowerIntegration();
    }

    private Measurement endCounters() {
        NvmlMeter.Reading end = meter.readCounters();
        checkClock(end.nanos());
        meter.throwIfReset(start, end);
        List<GpuDevice> devices = meter.devices();
        Map<String, Energy> perDevice = new LinkedHashMap<>();
        long totalMj = 0;
        for (int i = 0; i < devices.size(); i++) {
            long delta = end.totalMj()[i] - start.totalMj()[i];
            perDevice.put(devices.get(i).uuid(), Energy.ofMillijoules(delta));
            totalMj += delta;
        }
        List<String> remarks = new ArrayList<>();
        long nanos = end.nanos() - startNanos;
        if (nanos < meter.updatePeriod().toNanos()) {
            meter.countShortWindow();
            remarks.add(String.format(Locale.ROOT, "window of %.1f ms is shorter than the energy counter's update"
                    + " period (%d ms): the counter may not have moved, or moved by one whole update", nanos / 1e6,
                    NvmlMeter.COUNTER_UPDATE_PERIOD_MS));
        }
        return finish(end.nanos(), perDevice, Energy.ofMillijoules(totalMj), remarks);
    }

    private Measurement endPowerIntegration() {
        try {
            meter.checkSampler();
            long endNanos = meter.nanoTime();
            checkClock(endNanos);
            meter.sampleOnce(endNanos);
            List<PowerTrace.Integral> integrals = meter.integrate(startNanos, endNanos);
            List<GpuDevice> devices = meter.devices();
            Map<String, Energy> perDevice = new LinkedHashMap<>();
            Energy total = Energy.ZERO;
            int fewest = Integer.MAX_VALUE;
            boolean held = false;
            for (int i = 0; i < devices.size(); i++) {
                PowerTrace.Integral integral = integrals.get(i);
                perDevice.put(devices.get(i).uuid(), integral.energy());
                total = total.plus(integral.energy());
                fewest = Math.min(fewest, integral.samples());
                held |= integral.held();
            }
            List<String> remarks = new ArrayList<>();
            long nanos = endNanos - startNanos;
            if (nanos < 2 * meter.periodNanos()) {
                meter.countShortWindow();
                remarks.add(String.format(Locale.ROOT, "window of %.1f ms is shorter than two sample periods"
                        + " (%.1f ms): its energy is interpolated from %d power sample(s) and the readings around it",
                        nanos / 1e6, 2 * meter.periodNanos() / 1e6, fewest));
            }
            if (held) {
                remarks.add("the window reached beyond the power samples; power there was held at the nearest one");
            }
            return finish(endNanos, perDevice, total, remarks);
        } finally {
            meter.release(startNanos);
        }
    }

    private void checkClock(long endNanos) {
        if (endNanos < startNanos) {
            throw new MeterReadException("the clock went backwards in window '" + label + "'");
        }
    }

    private Measurement finish(long endNanos, Map<String, Energy> perDevice, Energy total, List<String> remarks) {
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
