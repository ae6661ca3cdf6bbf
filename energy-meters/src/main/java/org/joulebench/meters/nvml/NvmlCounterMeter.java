package org.joulebench.meters.nvml;

import java.time.Duration;
import java.util.Map;

import org.joulebench.meters.CounterBank;
import org.joulebench.meters.CounterResetException;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Power;
import org.joulebench.meters.Ticker;

/**
 * The NVML meter over the boards' total-energy counters ({@link Method#COUNTER}). Every read (a window's start or
 * end, a {@link #poll()}) goes through a {@link CounterBank}, which adds each board's rise since the previous read
 * to a running total; windows subtract running totals. The 64-bit counter does not wrap, so a counter below its
 * previous reading was reset (a driver reload): it adds nothing, the reading becomes the new base, and every
 * window spanning it fails with {@link CounterResetException}, as with RAPL. No guard thread is needed, and none
 * runs.
 */
final class NvmlCounterMeter extends NvmlMeter {

    /** A counter read whose clock bracket is at most this wide is taken as it is. */
    static final Duration TIGHT_READ = Duration.ofNanos(200_000);
    /** Reads of the counters tried for a bracket that tight; the tightest is kept. */
    static final int READ_ATTEMPTS = 4;
    /** The 64-bit millijoule counter does not wrap within any run: reads may be any time apart. */
    private static final Duration NEVER_WRAPS = Duration.ofNanos(Long.MAX_VALUE);

    private final CounterBank bank;

    NvmlCounterMeter(NvmlSession session, Ticker ticker, double sampleHz) {
        super(session, ticker, sampleHz);
        this.bank = new CounterBank(devices.stream().map(d -> new CounterBank.Spec(Domain.GPU, true, 1e-3,
                        (from, to, elapsed) -> rise(d, from, to, elapsed))).toList(),
                this::rawCounters, ticker, COUNTER_UPDATE_PERIOD, this::ensureOpen, NEVER_WRAPS, READ_ATTEMPTS,
                TIGHT_READ);
    }

    @Override
    String source() {
        return "NVML total-energy counters";
    }

    /** NVML's ~100 ms refresh of the energy counter. */
    @Override
    public Duration updatePeriod() {
        return COUNTER_UPDATE_PERIOD;
    }

    /**
     * The average power of all boards since the previous poll, from the counters' rise; empty on the first poll
     * and when no time passed.
     *
     * @throws CounterResetException when a board's counter went back since the previous poll (on the first poll,
     *                               since the meter opened); the next poll measures from the new reading
     * @throws MeterReadException    when a board cannot be read
     */
    @Override
    public Map<Domain, Power> poll() {
        ensureOpen();
        return bank.poll();
    }

    @Override
    public long counterResets() {
        return bank.resets();
    }

    @Override
    NvmlWindow window(String label) {
        return new NvmlCounterWindow(label, this, bank.read());
    }

    CounterBank bank() {
        return bank;
    }

    @Override
    void describe(Map<String, Object> d) {
        d.put("reset_rule", "the 64-bit counter does not wrap: a reading below the previous one is a reset (a"
                + " driver reload), not energy; windows spanning it fail, and the running total is re-based");
        d.put("short_window_note", "a window shorter than the counter's update period (" + COUNTER_UPDATE_PERIOD_MS
                + " ms) is flagged SHORTER_THAN_UPDATE_PERIOD and counted in short_windows");
        d.put("poll", "average power since the previous poll, from the counters' rise");
    }

    /** A board's rise from {@code fromMj} to {@code toMj}; a counter that went back is a reset, named by its board. */
    private static long rise(GpuDevice device, long fromMj, long toMj, long elapsedNanos) {
        if (Long.compareUnsigned(toMj, fromMj) >= 0) {
            return toMj - fromMj;
        }
        long elapsed = Math.max(elapsedNanos, 0);
        Energy from = Energy.ofMillijoules(unsigned(fromMj));
        Energy to = Energy.ofMillijoules(unsigned(toMj));
        Power implied = to.minus(from).over(Duration.ofNanos(Math.max(elapsed, 1)));
        throw new CounterResetException(device.label(), from, to, Duration.ofNanos(elapsed), implied,
                maxPower(device));
    }

    /** NVML's counter is an unsigned 64-bit number. */
    private static double unsigned(long mj) {
        return mj >= 0 ? mj : mj + 0x1p64;
    }

    /**
     * Every board's energy counter in millijoules, in device order, under the meter's lock and only while it is
     * open: {@link #close()} shuts NVML down under the same lock, so no read runs into a closed library.
     */
    private long[] rawCounters() {
        synchronized (this) {
            ensureOpen();
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
    }
}
