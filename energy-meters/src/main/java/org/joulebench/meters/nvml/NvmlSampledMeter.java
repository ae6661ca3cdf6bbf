package org.joulebench.meters.nvml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

import org.joulebench.meters.Domain;
import org.joulebench.meters.FixedRateThread;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Power;
import org.joulebench.meters.Ticker;

/**
 * The NVML meter that samples power. With {@link Method#POWER_INTEGRATION} (some board lacks the energy counter)
 * its own sampler thread reads each board's power at {@code sampleHz} into a {@link PowerTrace}, each window's
 * end adds one more reading, and a window's energy is the trapezoid integral of the trace between its ends. That
 * thread runs whether or not a {@link org.joulebench.meters.Sampler} polls the meter: {@link #poll()} only reads
 * the latest sample, so polls neither add samples nor change a window's figure.
 *
 * <p>With {@link Method#ESTIMATE} (some board has neither the counter nor power readings, but every board reports
 * its utilisation) the same sampler reads each board's GPU utilisation instead and files the power
 * {@link UtilizationPowerModel} estimates from it, {@code P = P_idle + u_gpu × (P_max − P_idle)} with
 * {@code P_max} the board's enforced power limit (else 250 W, assumed) and {@code P_idle = 0.3 × P_max}; windows
 * integrate these samples exactly as they integrate measured power. The figures are estimates with a relative
 * uncertainty of 0.5, which {@link #relativeUncertainty()} and {@link #details()} state beside the model, its
 * assumptions and the boards that needed it.
 */
final class NvmlSampledMeter extends NvmlMeter {

    private final Object lock = new Object();
    private final List<PowerTrace> traces = new ArrayList<>(); // guarded by lock
    private final TreeMap<Long, Integer> openStarts = new TreeMap<>(); // guarded by lock
    private long samplesTaken; // guarded by lock
    private boolean polled; // guarded by lock
    private long lastPollNanos; // guarded by lock
    private final FixedRateThread sampler;

    /** Takes a first sample now, and starts the sampler thread when {@code startSampler}. */
    NvmlSampledMeter(NvmlSession session, Ticker ticker, double sampleHz, boolean startSampler) {
        super(session, ticker, sampleHz);
        devices.forEach(d -> traces.add(new PowerTrace()));
        sampleOnce(ticker.nanoTime());
        sampler = startSampler ? new FixedRateThread("joulebench-nvml-sampler", ticker, periodNanos, this::sampleOnce)
                : null;
        if (sampler != null) {
            sampler.start();
        }
    }

    @Override
    String source() {
        return method == Method.ESTIMATE
                ? "estimated from utilisation (ESTIMATE, not measured): NVML GPU utilisation sampled at "
                        + formatHz(sampleHz) + " Hz, modelled as power and integrated"
                : "NVML power readings integrated at " + formatHz(sampleHz) + " Hz";
    }

    /** A utilisation estimate states the model's uncertainty; measured power states none. */
    @Override
    public OptionalDouble relativeUncertainty() {
        return method == Method.ESTIMATE ? OptionalDouble.of(UtilizationPowerModel.RELATIVE_UNCERTAINTY)
                : OptionalDouble.empty();
    }

    /** The sample period: a window's figure changes at each sample. */
    @Override
    public Duration updatePeriod() {
        return Duration.ofNanos(periodNanos);
    }

    /**
     * The latest power sample of each board, summed (with power integration NVML's reading is itself an average
     * over up to a second; with the estimate the sample is the model's power). Empty on the first poll and when no
     * time passed.
     *
     * @throws MeterReadException when the power sampler stopped
     */
    @Override
    public Map<Domain, Power> poll() {
        ensureOpen();
        checkSampler();
        synchronized (lock) {
            long now = ticker.nanoTime();
            boolean first = !polled;
            long elapsed = now - lastPollNanos;
            polled = true;
            lastPollNanos = now;
            if (first || elapsed <= 0) {
                return Map.of();
            }
            double mw = 0;
            for (PowerTrace trace : traces) {
                mw += trace.latest().milliwatts();
            }
            return Map.of(Domain.GPU, Power.ofMilliwatts(mw));
        }
    }

    @Override
    NvmlWindow window(String label) {
        checkSampler();
        long startNanos;
        synchronized (lock) {
            startNanos = ticker.nanoTime();
            openStarts.merge(startNanos, 1, Integer::sum);
        }
        return new NvmlSampledWindow(label, this, startNanos);
    }

    @Override
    void stop() {
        if (sampler != null) {
            sampler.stop();
        }
    }

    @Override
    FixedRateThread sampler() {
        return sampler;
    }

    @Override
    void liveDetails(Map<String, Object> d) {
        synchronized (lock) {
            d.put("samples_taken", samplesTaken);
        }
        d.put("missed_sample_deadlines", sampler == null ? 0L : sampler.missedDeadlines());
    }

    @Override
    void describe(Map<String, Object> d) {
        d.put("poll", method == Method.ESTIMATE
                ? "the latest estimated power of each board, summed; polls do not add samples"
                : "the latest power sample of each board, summed; polls do not add samples");
        d.put("sample_hz", sampleHz);
        d.put("integration", (method == Method.ESTIMATE ? "estimated power sampled from utilisation; " : "")
                + "trapezoid rule over the power samples; at a window's start power is interpolated"
                + " between the samples around it, and a sample is taken at its end");
        d.put("short_window_note", "a window shorter than two sample periods ("
                + String.format(Locale.ROOT, "%.1f", 2 * periodNanos / 1e6) + " ms) still gets a value,"
                + " interpolated from the few samples around it, and is counted in short_windows; one shorter"
                + " than one sample period is also flagged SHORTER_THAN_UPDATE_PERIOD");
    }

    /**
     * One sampling step: reads every board's power (with {@link Method#ESTIMATE}, its utilisation, turned into
     * power by its {@link UtilizationPowerModel}) and files it under {@code nanos}, then drops samples that no
     * open window needs. The sampler thread calls it at each deadline; tests call it directly with times of their
     * choosing.
     */
    @Override
    void sampleOnce(long nanos) {
        double[] mw = new double[devices.size()];
        for (int i = 0; i < mw.length; i++) {
            mw[i] = method == Method.ESTIMATE ? estimatedMilliwatts(i) : measuredMilliwatts(i);
        }
        synchronized (lock) {
            long keepFrom = openStarts.isEmpty() ? Long.MAX_VALUE : openStarts.firstKey();
            for (int i = 0; i < mw.length; i++) {
                PowerTrace trace = traces.get(i);
                trace.add(nanos, mw[i]);
                trace.retainFrom(keepFrom);
            }
            samplesTaken++;
        }
    }

    private double measuredMilliwatts(int device) {
        try {
            return nvml.powerMilliwatts(devices.get(device).handle());
        } catch (NvmlException e) {
            throw new MeterReadException("cannot read the power of " + devices.get(device).label() + ": "
                    + e.getMessage(), e);
        }
    }

    private double estimatedMilliwatts(int device) {
        try {
            long gpuPercent = nvml.utilization(devices.get(device).handle()).gpuPercent();
            return models.get(device).at(gpuPercent).watts() * 1e3;
        } catch (NvmlException e) {
            throw new MeterReadException("cannot read the utilisation of " + devices.get(device).label()
                    + " (its power is estimated from it): " + e.getMessage(), e);
        }
    }

    /** Each board's integral over {@code [from, to]}, in device order. */
    List<PowerTrace.Integral> integrate(long from, long to) {
        synchronized (lock) {
            return traces.stream().map(t -> t.integrate(from, to)).toList();
        }
    }

    /** Forgets an open window's start, so that samples before it may go. */
    void release(long startNanos) {
        synchronized (lock) {
            openStarts.computeIfPresent(startNanos, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    @Override
    List<PowerTrace.Sample> samples(int device) {
        synchronized (lock) {
            return traces.get(device).samples();
        }
    }

    /** Fails when the sampler stopped on an error: figures after that would have a gap. */
    void checkSampler() {
        if (sampler != null && sampler.failure().isPresent()) {
            RuntimeException cause = sampler.failure().get();
            throw new MeterReadException("the NVML power sampler stopped: " + cause.getMessage(), cause);
        }
    }
}
