package org.joulebench.meters.nvml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;

/**
 * An open NVML meter over the boards of one {@link NvmlSession}. With {@link Method#COUNTER}
 * every window reads each board's total-energy counter at both ends. With
 * {@link Method#POWER_INTEGRATION} (some board lacks the counter) a sampler thread reads each
 * board's power at {@code sampleHz} into a {@link PowerTrace}, each window's end adds one more
 * reading, and a window's energy is the trapezoid integral of the trace between its ends.
 */
final class NvmlMeter implements Meter {

    static final String ID = "nvml";
    static final int COUNTER_UPDATE_PERIOD_MS = 100;

    private final NvmlSession session;
    private final Nvml nvml;
    private final List<GpuDevice> devices;
    private final Method method;
    private final Ticker ticker;
    private final double sampleHz;
    private final long periodNanos;
    private final Map<String, Object> staticDetails;
    private final AtomicBoolean closed = new AtomicBoolean();

    // power integration only
    private final Object lock = new Object();
    private final List<PowerTrace> traces = new ArrayList<>(); // guarded by lock
    private final TreeMap<Long, Integer> openStarts = new TreeMap<>(); // guarded by lock
    private long samplesTaken; // guarded by lock
    private final AtomicLong shortWindows = new AtomicLong();
    private final PowerSampler sampler;

    /**
     * Opens over {@code session}, which it closes in {@link #close}. For power integration it
     * takes a first reading now, and starts the sampler thread when {@code startSampler} (tests
     * drive {@link #sampleOnce} themselves).
     */
    NvmlMeter(NvmlSession session, Ticker ticker, double sampleHz, boolean startSampler) {
        this.session = session;
        this.nvml = session.nvml();
        this.devices = session.devices();
        this.method = session.method();
        this.ticker = ticker;
        this.sampleHz = sampleHz;
        this.periodNanos = Math.max(1, Math.round(1e9 / sampleHz));
        this.staticDetails = buildDetails();
        if (method == Method.POWER_INTEGRATION) {
            devices.forEach(d -> traces.add(new PowerTrace()));
            sampleOnce(ticker.nanoTime());
            sampler = startSampler ? new PowerSampler("joulebench-nvml-sampler", ticker, periodNanos, this::sampleOnce)
                    : null;
            if (sampler != null) {
                sampler.start();
            }
        } else {
            sampler = null;
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Method method() {
        return method;
    }

    @Override
    public List<Domain> domains() {
        return List.of(Domain.GPU);
    }

    @Override
    public String boundary() {
        String boards = devices.size() == 1 ? "GPU board (1)" : "GPU boards (" + devices.size() + ")";
        return boards + " of this host, " + (method == Method.COUNTER
                ? "NVML total-energy counters"
                : "NVML power readings integrated at " + formatHz(sampleHz) + " Hz");
    }

    @Override
    public Map<String, Object> details() {
        if (method == Method.COUNTER) {
            return staticDetails;
        }
        Map<String, Object> d = new LinkedHashMap<>(staticDetails);
        synchronized (lock) {
            d.put("samples_taken", samplesTaken);
        }
        d.put("missed_sample_deadlines", sampler == null ? 0L : sampler.missedDeadlines());
        d.put("short_windows", shortWindows.get());
        return Collections.unmodifiableMap(d);
    }

    @Override
    public Window begin(String label) {
        Objects.requireNonNull(label, "label");
        ensureOpen();
        if (method == Method.COUNTER) {
            long startNanos = ticker.nanoTime();
            return new NvmlWindow(label, this, startNanos, readCounters());
        }
        checkSampler();
        long startNanos;
        synchronized (lock) {
            startNanos = ticker.nanoTime();
            openStarts.merge(startNanos, 1, Integer::sum);
        }
        return new NvmlWindow(label, this, startNanos, null);
    }

    /** Stops the sampler, then shuts NVML down; once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (sampler != null) {
                sampler.stop();
            }
            session.close();
        }
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("meter " + ID + " is closed");
        }
    }

    long nanoTime() {
        return ticker.nanoTime();
    }

    List<GpuDevice> devices() {
        return devices;
    }

    NvmlSession session() {
        return session;
    }

    long periodNanos() {
        return periodNanos;
    }

    /** The sampler thread, when one runs. */
    PowerSampler sampler() {
        return sampler;
    }

    /** The energy per board (by UUID, in device order) of an ended window of this meter. */
    Map<String, Energy> byDevice(Window window) {
        if (!(window instanceof NvmlWindow w) || w.meter() != this) {
            throw new IllegalArgumentException("window '" + window.label() + "' is not a window of this meter");
        }
        return w.byDevice();
    }

    /** Every board's energy counter in millijoules, in device order. */
    long[] readCounters() {
        long[] mj = new long[devices.size()];
        for (int i = 0; i < mj.length; i++) {
            try {
                mj[i] = nvml.totalEnergyMillijoules(devices.get(i).handle());
            } catch (NvmlException e) {
                throw new MeterReadException("cannot read the energy counter of " + devices.get(i).label() + ": "
                        + e.getMessage(), e);
            }
        }
        return mj;
    }

    /**
     * One sampling step: reads every board's power and files it under {@code nanos}, then drops
     * samples that no open window needs. The sampler thread calls it at each deadline; tests call
     * it directly with times of their choosing.
     */
    void sampleOnce(long nanos) {
        long[] mw = new long[devices.size()];
        for (int i = 0; i < mw.length; i++) {
            try {
                mw[i] = nvml.powerMilliwatts(devices.get(i).handle());
            } catch (NvmlException e) {
                throw new MeterReadException("cannot read the power of " + devices.get(i).label() + ": "
                        + e.getMessage(), e);
            }
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

    /** The samples currently kept for board {@code device} (tests). */
    List<PowerTrace.Sample> samples(int device) {
        synchronized (lock) {
            return traces.get(device).samples();
        }
    }

    void countShortWindow() {
        shortWindows.incrementAndGet();
    }

    /** Fails when the sampler stopped on an error: figures after that would have a gap. */
    void checkSampler() {
        if (sampler != null && sampler.failure().isPresent()) {
            RuntimeException cause = sampler.failure().get();
            throw new MeterReadException("the NVML power sampler stopped: " + cause.getMessage(), cause);
        }
    }

    static String formatHz(double hz) {
        return hz == Math.rint(hz) ? Long.toString((long) hz) : String.format(Locale.ROOT, "%.3g", hz);
    }

    private Map<String, Object> buildDetails() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", "NVML");
        d.put("library", session.library());
        d.put("method", method.name());
        session.methodReason().ifPresent(r -> d.put("method_reason", r));
        d.put("devices", devices.stream().map(this::deviceDetails).toList());
        d.put("total_rule", "total = sum over the boards; a MIG instance is reported as its whole parent board,"
                + " each board once (by UUID)");
        d.put("update_period_ms", COUNTER_UPDATE_PERIOD_MS);
        d.put("update_note", "NVML refreshes the total-energy counter about every 100 ms, so each end of a window"
                + " may be up to ~100 ms stale and windows much shorter than that are unreliable; power readings"
                + " (nvmlDeviceGetPowerUsage) are averages over about 1 s on many boards");
        if (method == Method.POWER_INTEGRATION) {
            d.put("sample_hz", sampleHz);
            d.put("integration", "trapezoid rule over the power samples; at a window's start power is interpolated"
                    + " between the samples around it, and a sample is taken at its end");
            d.put("short_window_note", "a window shorter than two sample periods ("
                    + String.format(Locale.ROOT, "%.1f", 2 * periodNanos / 1e6) + " ms) still gets a value,"
                    + " interpolated from the few samples around it, and is counted in short_windows");
        }
        if (!session.driverNotes().isEmpty()) {
            d.put("driver_notes", session.driverNotes());
        }
        return Collections.unmodifiableMap(d);
    }

    private Map<String, Object> deviceDetails(GpuDevice g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", g.index());
        m.put("uuid", g.uuid());
        m.put("name", g.name());
        m.put("method", method.name());
        g.counterProblem().ifPresent(p -> m.put("energy_counter", p));
        if (!g.migIndices().isEmpty()) {
            m.put("reported_for_mig_indices", g.migIndices());
        }
        m.putAll(g.facts());
        if (!g.factsUnreadable().isEmpty()) {
            m.put("unreadable", g.factsUnreadable());
        }
        return Collections.unmodifiableMap(m);
    }
}
