package org.joulebench.meters.nvml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.joulebench.meters.FixedRateThread;
import org.joulebench.meters.CounterResetException;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Power;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;

/**
 * An open NVML meter over the boards of one {@link NvmlSession}. With {@link Method#COUNTER}
 * every read of the boards' total-energy counters (a window's start or end, a {@link #poll()})
 * goes through {@link #readCounters()}, which adds each board's rise since the previous read to a
 * running total; windows subtract running totals. The 64-bit counter does not wrap, so a counter
 * below its previous reading was reset (a driver reload): it adds nothing, the reading becomes the
 * new base, and every window spanning it fails with {@link CounterResetException}, as with RAPL.
 *
 * <p>With {@link Method#POWER_INTEGRATION} (some board lacks the counter) the meter's own sampler
 * thread reads each board's power at {@code sampleHz} into a {@link PowerTrace}, each window's end
 * adds one more reading, and a window's energy is the trapezoid integral of the trace between its
 * ends. That thread runs whether or not a {@link org.joulebench.meters.Sampler} polls the meter:
 * {@link #poll()} only reads the latest sample, so polls neither add samples nor change a window's
 * figure.
 *
 * <p>With {@link Method#ESTIMATE} (some board has neither the counter nor power readings, but every
 * board reports its utilisation) the same sampler reads each board's GPU utilisation instead and
 * files the power {@link UtilizationPowerModel} estimates from it, {@code P = P_idle + u_gpu ×
 * (P_max − P_idle)} with {@code P_max} the board's enforced power limit (else 250 W, assumed) and
 * {@code P_idle = 0.3 × P_max}; windows integrate these samples exactly as they integrate measured
 * power. The figures are estimates with a relative uncertainty of 0.5, which {@link #details()}
 * states ({@code relative_uncertainty}) beside the model, its assumptions and the boards that
 * needed it. The method is the meter's: one method for every board, never mixed within a total.
 */
final class NvmlMeter implements Meter {

    static final String ID = "nvml";
    static final int COUNTER_UPDATE_PERIOD_MS = 100;
    /** NVML refreshes the total-energy counter about every 100 ms. */
    static final Duration COUNTER_UPDATE_PERIOD = Duration.ofMillis(COUNTER_UPDATE_PERIOD_MS);
    /**
     * The limit a {@link CounterResetException} names for a board whose enforced power limit could
     * not be read at open. Only reported: a counter that goes back is a reset whatever the board draws.
     */
    static final Power DEFAULT_MAX_POWER = Power.ofWatts(1_500);
    /** A counter read whose clock bracket is at most this wide is taken as it is. */
    static final long TIGHT_READ_NANOS = 200_000;
    /** Reads of the counters tried for a bracket that tight; the tightest is kept. */
    static final int READ_ATTEMPTS = 4;

    private final NvmlSession session;
    private final Nvml nvml;
    private final List<GpuDevice> devices;
    private final Method method;
    private final Ticker ticker;
    private final double sampleHz;
    private final long periodNanos;
    private final List<UtilizationPowerModel> models; // per board, ESTIMATE only; else empty
    private final Map<String, Object> staticDetails;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong shortWindows = new AtomicLong();

    // energy counters only, guarded by this
    private long[] lastRawMj;             // null before the first read
    private long lastReadNanos;
    private final long[] totalMj;         // per board, the rise since the first read, resets left out
    private final long[] resets;          // per board, resets seen so far
    private final CounterResetException[] lastReset;
    private Reading lastPoll;             // null before the first poll
    private final Reading opened;         // no energy, no resets: what the first poll compares resets with

    // power integration and estimate only
    private final Object lock = new Object();
    private final List<PowerTrace> traces = new ArrayList<>(); // guarded by lock
    private final TreeMap<Long, Integer> openStarts = new TreeMap<>(); // guarded by lock
    private long samplesTaken; // guarded by lock
    private boolean polled; // guarded by lock
    private long lastPollNanos; // guarded by lock
    private final FixedRateThread sampler;

    /**
     * The running energy totals at one read of the counters.
     *
     * @param nanos   the ticker when the read began
     * @param totalMj per board, millijoules since the first read
     * @param resets  per board, resets seen so far: a window whose ends differ here spans one
     */
    record Reading(long nanos, long[] totalMj, long[] resets) {
    }

    /**
     * Opens over {@code session}, which it closes in {@link #close}. For power integration and
     * the estimate it takes a first reading now, and starts the sampler thread when
     * {@code startSampler} (tests drive {@link #sampleOnce} themselves).
     */
    NvmlMeter(NvmlSession session, Ticker ticker, double sampleHz, boolean startSampler) {
        this.session = session;
        this.nvml = session.nvml();
        this.devices = session.devices();
        this.method = session.method();
        this.ticker = ticker;
        this.sampleHz = sampleHz;
        this.periodNanos = Math.max(1, Math.round(1e9 / sampleHz));
        int n = devices.size();
        this.totalMj = new long[n];
        this.resets = new long[n];
        this.lastReset = new CounterResetException[n];
        this.opened = new Reading(0, new long[n], new long[n]);
        this.models = method == Method.ESTIMATE ? devices.stream().map(UtilizationPowerModel::of).toList() : List.of();
        this.staticDetails = buildDetails();
        if (sampled()) {
            devices.forEach(d -> traces.add(new PowerTrace()));
            sampleOnce(ticker.nanoTime());
            sampler = startSampler ? new FixedRateThread("joulebench-nvml-sampler", ticker, periodNanos, this::sampleOnce)
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
        return boards + " of this host, " + switch (method) {
            case COUNTER -> "NVML total-energy counters";
            case POWER_INTEGRATION -> "NVML power readings integrated at " + formatHz(sampleHz) + " Hz";
            case ESTIMATE -> "estimated from utilisation (ESTIMATE, not measured): NVML GPU utilisation sampled at "
                    + formatHz(sampleHz) + " Hz, modelled as power and integrated";
        };
    }

    /** Whether the meter samples power (measured or estimated) rather than reading counters. */
    private boolean sampled() {
        return method != Method.COUNTER;
    }

    /** A utilisation estimate states the model's uncertainty; measured counters and power state none. */
    @Override
    public OptionalDouble relativeUncertainty() {
        return method == Method.ESTIMATE ? OptionalDouble.of(UtilizationPowerModel.RELATIVE_UNCERTAINTY)
                : OptionalDouble.empty();
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>(staticDetails);
        if (sampled()) {
            synchronized (lock) {
                d.put("samples_taken", samplesTaken);
            }
            d.put("missed_sample_deadlines", sampler == null ? 0L : sampler.missedDeadlines());
        }
        d.put("short_windows", shortWindows.get());
        return Collections.unmodifiableMap(d);
    }

    /**
     * How often a window's figure can change: NVML's ~100 ms refresh of the energy counter, or with
     * power integration and the estimate the sample period.
     */
    @Override
    public Duration updatePeriod() {
        return method == Method.COUNTER ? COUNTER_UPDATE_PERIOD : Duration.ofNanos(periodNanos);
    }

    /**
     * The average power of all boards since the previous poll: from the energy counters' rise
     * ({@link Method#COUNTER}), or the latest power sample of each board, summed
     * ({@link Method#POWER_INTEGRATION}, where NVML's power reading is itself an average over up to a
     * second; {@link Method#ESTIMATE}, where the sample is the model's power). Empty on the first poll
     * and when no time passed.
     *
     * @throws CounterResetException when a board's counter went back since the previous poll (on
     *                               the first poll, since the meter opened); the next poll
     *                               measures from the new reading
     * @throws MeterReadException    when a board cannot be read, or the power sampler stopped
     */
    @Override
    public Map<Domain, Power> poll() {
        ensureOpen();
        return method == Method.COUNTER ? pollCounters() : pollPowerSamples();
    }

    private synchronized Map<Domain, Power> pollCounters() {
        Reading now = readCounters();
        Reading previous = lastPoll;
        lastPoll = now;
        throwIfReset(previous == null ? opened : previous, now);
        if (previous == null) {
            return Map.of();
        }
        long elapsed = now.nanos() - previous.nanos();
        if (elapsed <= 0) {
            return Map.of();
        }
        long mj = 0;
        for (int i = 0; i < devices.size(); i++) {
            mj += now.totalMj()[i] - previous.totalMj()[i];
        }
        return Map.of(Domain.GPU, Power.ofWatts(mj / 1e3 / (elapsed / 1e9)));
    }

    private Map<Domain, Power> pollPowerSamples() {
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
    public Window begin(String label) {
        Objects.requireNonNull(label, "label");
        ensureOpen();
        if (method == Method.COUNTER) {
            Reading start = readCounters();
            return new NvmlWindow(label, this, start.nanos(), start);
        }
        checkSampler();
        long startNanos;
        synchronized (lock) {
            startNanos = ticker.nanoTime();
            openStarts.merge(startNanos, 1, Integer::sum);
        }
        return new NvmlWindow(label, this, startNanos, null);
    }

    /**
     * Stops the sampler, then shuts NVML down; once. A counter read in progress (a poll from a
     * {@link org.joulebench.meters.Sampler}'s thread) finishes first, and none starts after.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (sampler != null) {
                sampler.stop();
            }
            synchronized (this) {
                session.close();
            }
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
    FixedRateThread sampler() {
        return sampler;
    }

    /** The energy per board (by UUID, in device order) of an ended window of this meter. */
    Map<String, Energy> byDevice(Window window) {
        if (!(window instanceof NvmlWindow w) || w.meter() != this) {
            throw new IllegalArgumentException("window '" + window.label() + "' is not a window of this meter");
        }
        return w.byDevice();
    }

    /**
     * Reads every board's counter and adds each one's rise since the previous read to its running
     * total. A counter below its previous reading was reset: it adds nothing, the reading becomes
     * the new base, and the reset is counted for the windows that span it. A failed read changes
     * nothing.
     */
    synchronized Reading readCounters() {
        ensureOpen(); // again under the lock: close() may have shut NVML down since the caller's check
        // The read is bracketed by two clock reads and dated at their midpoint; a bracket wider than
        // TIGHT_READ_NANOS (the thread was descheduled mid-read, as on a busy CI runner) is read again, up to
        // READ_ATTEMPTS times, keeping the tightest: otherwise a short window's time and energy disagree by the delay.
        long now = 0;
        long[] raw = null;
        long widest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < READ_ATTEMPTS && widest > TIGHT_READ_NANOS; attempt++) {
            long before = ticker.nanoTime();
            long[] r = rawCounters();
            long after = ticker.nanoTime();
            if (after - before < widest) {
                widest = after - before;
                now = before + (after - before) / 2;
                raw = r;
            }
        }
        if (lastRawMj != null) {
            long elapsed = now - lastReadNanos;
            for (int i = 0; i < raw.length; i++) {
                if (Long.compareUnsigned(raw[i], lastRawMj[i]) < 0) {
                    resets[i]++;
                    lastReset[i] = wentBack(devices.get(i), lastRawMj[i], raw[i], elapsed);
                } else {
                    totalMj[i] += raw[i] - lastRawMj[i];
                }
            }
        }
        lastRawMj = raw;
        lastReadNanos = now;
        return new Reading(now, totalMj.clone(), resets.clone());
    }

    /** Throws the reset of the first board (others suppressed) whose reset count differs between the readings. */
    synchronized void throwIfReset(Reading from, Reading to) {
        CounterResetException thrown = null;
        for (int i = 0; i < resets.length; i++) {
            if (from.resets()[i] != to.resets()[i]) {
                CounterResetException recorded = lastReset[i];
                CounterResetException e = new CounterResetException(recorded.zone(), recorded.from(), recorded.to(),
                        recorded.elapsed(), recorded.impliedPower(), recorded.limit());
                e.initCause(recorded); // where it was seen
                if (thrown == null) {
                    thrown = e;
                } else {
                    thrown.addSuppressed(e);
                }
            }
        }
        if (thrown != null) {
            throw thrown;
        }
    }

    /** A counter that went from {@code fromMj} down to {@code toMj}: a reset, named by the board's UUID. */
    private static CounterResetException wentBack(GpuDevice device, long fromMj, long toMj, long elapsedNanos) {
        long elapsed = Math.max(elapsedNanos, 0);
        Energy from = Energy.ofMillijoules(unsigned(fromMj));
        Energy to = Energy.ofMillijoules(unsigned(toMj));
        Power implied = to.minus(from).over(Duration.ofNanos(Math.max(elapsed, 1)));
        return new CounterResetException(device.label(), from, to, Duration.ofNanos(elapsed), implied,
                maxPower(device));
    }

    /** The board's enforced power limit as read at open, else {@link #DEFAULT_MAX_POWER}. */
    static Power maxPower(GpuDevice device) {
        return device.facts().get("power_limit_w") instanceof Double watts && watts > 0
                ? Power.ofWatts(watts)
                : DEFAULT_MAX_POWER;
    }

    /** NVML's counter is an unsigned 64-bit number. */
    private static double unsigned(long mj) {
        return mj >= 0 ? mj : mj + 0x1p64;
    }

    /** Every board's energy counter in millijoules, in device order. */
    private long[] rawCounters() {
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
     * One sampling step: reads every board's power (with {@link Method#ESTIMATE}, its utilisation,
     * turned into power by its {@link UtilizationPowerModel}) and files it under {@code nanos}, then
     * drops samples that no open window needs. The sampler thread calls it at each deadline; tests
     * call it directly with times of their choosing.
     */
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
        if (method == Method.COUNTER) {
            d.put("reset_rule", "the 64-bit counter does not wrap: a reading below the previous one is a reset (a"
                    + " driver reload), not energy; windows spanning it fail, and the running total is re-based");
            d.put("short_window_note", "a window shorter than the counter's update period (" + COUNTER_UPDATE_PERIOD_MS
                    + " ms) is flagged SHORTER_THAN_UPDATE_PERIOD and counted in short_windows");
        }
        d.put("poll", switch (method) {
            case COUNTER -> "average power since the previous poll, from the counters' rise";
            case POWER_INTEGRATION -> "the latest power sample of each board, summed; polls do not add samples";
            case ESTIMATE -> "the latest estimated power of each board, summed; polls do not add samples";
        });
        if (sampled()) {
            d.put("sample_hz", sampleHz);
            d.put("integration", (method == Method.ESTIMATE ? "estimated power sampled from utilisation; " : "")
                    + "trapezoid rule over the power samples; at a window's start power is interpolated"
                    + " between the samples around it, and a sample is taken at its end");
            d.put("short_window_note", "a window shorter than two sample periods ("
                    + String.format(Locale.ROOT, "%.1f", 2 * periodNanos / 1e6) + " ms) still gets a value,"
                    + " interpolated from the few samples around it, and is counted in short_windows; one shorter"
                    + " than one sample period is also flagged SHORTER_THAN_UPDATE_PERIOD");
        }
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
