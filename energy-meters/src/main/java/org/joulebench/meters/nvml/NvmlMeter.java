package org.joulebench.meters.nvml;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.joulebench.meters.CounterResetException;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.FixedRateThread;
import org.joulebench.meters.Meter;
import org.joulebench.meters.Method;
import org.joulebench.meters.Power;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;

/**
 * An open NVML meter over the boards of one {@link NvmlSession}, in one of two kinds chosen by the session's
 * method ({@link #open}): {@link NvmlCounterMeter} reads the boards' total-energy counters through a
 * {@link org.joulebench.meters.CounterBank} ({@link Method#COUNTER}); {@link NvmlSampledMeter} samples each
 * board's power ({@link Method#POWER_INTEGRATION}) or estimates it from utilisation ({@link Method#ESTIMATE}) and
 * integrates the samples. What both share lives here: the boards, the boundary and details, per-board energy of
 * a window, and closing NVML. The method is the meter's: one method for every board, never mixed within a total.
 */
abstract sealed class NvmlMeter implements Meter permits NvmlCounterMeter, NvmlSampledMeter {

    static final String ID = "nvml";
    static final int COUNTER_UPDATE_PERIOD_MS = 100;
    /** NVML refreshes the total-energy counter about every 100 ms. */
    static final Duration COUNTER_UPDATE_PERIOD = Duration.ofMillis(COUNTER_UPDATE_PERIOD_MS);
    /**
     * The limit a {@link CounterResetException} names for a board whose enforced power limit could
     * not be read at open. Only reported: a counter that goes back is a reset whatever the board draws.
     */
    static final Power DEFAULT_MAX_POWER = Power.ofWatts(1_500);

    final NvmlSession session;
    final Nvml nvml;
    final List<GpuDevice> devices;
    final Method method;
    final Ticker ticker;
    final double sampleHz;
    final long periodNanos;
    final List<UtilizationPowerModel> models; // per board, ESTIMATE only; else empty
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong shortWindows = new AtomicLong();
    private Map<String, Object> staticDetails; // built on first use: the kinds add their own facts

    NvmlMeter(NvmlSession session, Ticker ticker, double sampleHz) {
        this.session = session;
        this.nvml = session.nvml();
        this.devices = session.devices();
        this.method = session.method();
        this.ticker = ticker;
        this.sampleHz = sampleHz;
        this.periodNanos = Math.max(1, Math.round(1e9 / sampleHz));
        this.models = method == Method.ESTIMATE ? devices.stream().map(UtilizationPowerModel::of).toList() : List.of();
    }

    /**
     * Opens over {@code session}, which the meter closes in {@link #close}: the counter meter where every board
     * has the energy counter, else the sampled one, which takes a first sample now and starts its sampler thread
     * when {@code startSampler} (tests drive {@link #sampleOnce} themselves).
     */
    static NvmlMeter open(NvmlSession session, Ticker ticker, double sampleHz, boolean startSampler) {
        return session.method() == Method.COUNTER ? new NvmlCounterMeter(session, ticker, sampleHz)
                : new NvmlSampledMeter(session, ticker, sampleHz, startSampler);
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
        return boards + " of this host, " + source();
    }

    /** How the boards' energy is obtained, in the words of {@link #boundary()}. */
    abstract String source();

    @Override
    public Map<String, Object> details() {
        Map<String, Object> d;
        synchronized (this) {
            if (staticDetails == null) {
                staticDetails = buildDetails();
            }
            d = new LinkedHashMap<>(staticDetails);
        }
        liveDetails(d);
        d.put("short_windows", shortWindows.get());
        return Collections.unmodifiableMap(d);
    }

    /** The figures of the meter's own work so far (samples taken), added to {@link #details()}. */
    void liveDetails(Map<String, Object> d) {
    }

    /** The kind's own facts: how polls work, the update period's meaning, the rule for short windows. */
    abstract void describe(Map<String, Object> d);

    @Override
    public Window begin(String label) {
        Objects.requireNonNull(label, "label");
        ensureOpen();
        return window(label);
    }

    /** A window of this kind, the meter open. */
    abstract NvmlWindow window(String label);

    /**
     * Stops what the kind runs (its sampler), then shuts NVML down; once. A counter read in progress (a poll from
     * a {@link org.joulebench.meters.Sampler}'s thread) finishes first, and none starts after.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stop();
            synchronized (this) {
                session.close();
            }
        }
    }

    /** Stops the kind's own threads before NVML shuts down. */
    void stop() {
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

    void countShortWindow() {
        shortWindows.incrementAndGet();
    }

    /** The energy per board (by UUID, in device order) of an ended window of this meter. */
    Map<String, Energy> byDevice(Window window) {
        if (!(window instanceof NvmlWindow w) || w.meter() != this) {
            throw new IllegalArgumentException("window '" + window.label() + "' is not a window of this meter");
        }
        return w.byDevice();
    }

    /** One sampling step (tests): only a sampled meter takes samples. */
    void sampleOnce(long nanos) {
        throw new IllegalStateException("meter " + ID + " reads energy counters (" + method + "); it takes no samples");
    }

    /** The sampler thread, when one runs; none for the counter meter. */
    FixedRateThread sampler() {
        return null;
    }

    /** The samples currently kept for board {@code device} (tests); none for the counter meter. */
    List<PowerTrace.Sample> samples(int device) {
        return List.of();
    }

    /** The board's enforced power limit as read at open, else {@link #DEFAULT_MAX_POWER}. */
    static Power maxPower(GpuDevice device) {
        return device.facts().get("power_limit_w") instanceof Double watts && watts > 0
                ? Power.ofWatts(watts)
                : DEFAULT_MAX_POWER;
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
        if (method == Method.ESTIMATE) {
            d.put("boards_needing_estimate", session.estimatedBecause().stream().map(GpuDevice::label).toList());
            d.putAll(UtilizationPowerModel.describe());
        }
        d.put("devices", IntStream.range(0, devices.size()).mapToObj(this::deviceDetails).toList());
        d.put("total_rule", "total = sum over the boards; a MIG instance is reported as its whole parent board,"
                + " each board once (by UUID)");
        d.put("update_period_ms", COUNTER_UPDATE_PERIOD_MS);
        d.put("update_note", method == Method.ESTIMATE
                ? "NVML's utilisation covers the driver's last sample period (1/6 s to 1 s, by product), so each"
                        + " estimated power sample lags and smooths the load by up to about 1 s"
                : "NVML refreshes the total-energy counter about every 100 ms, so each end of a window may be up to"
                        + " ~100 ms stale and windows much shorter than that are unreliable; power readings"
                        + " (nvmlDeviceGetPowerUsage) are averages over about 1 s on many boards");
        d.put("update_period_s", updatePeriod().toNanos() / 1e9);
        describe(d);
        if (!session.driverNotes().isEmpty()) {
            d.put("driver_notes", session.driverNotes());
        }
        return Collections.unmodifiableMap(d);
    }

    private Map<String, Object> deviceDetails(int i) {
        GpuDevice g = devices.get(i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", g.index());
        m.put("uuid", g.uuid());
        m.put("name", g.name());
        m.put("method", method.name());
        g.counterProblem().ifPresent(p -> m.put("energy_counter", p));
        g.powerProblem().ifPresent(p -> m.put("power_reading", p));
        if (method == Method.ESTIMATE) {
            m.put("estimate", models.get(i).details());
        }
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
