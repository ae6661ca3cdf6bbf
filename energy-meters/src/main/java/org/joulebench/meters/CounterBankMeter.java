package org.joulebench.meters;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Method#COUNTER} meter whose energy counters live in a {@link CounterBank}: windows, polls,
 * the poll requirement that guards wraps, and closing are the same for every such meter (RAPL through
 * powercap sysfs, RAPL through MSRs). A subclass says how its counters are read
 * ({@link #readCounters()}) and describes itself (domains, boundary, details).
 *
 * <p>The bank follows wraps between reads (a window's start or end, a {@link #poll()}) with a 64-bit
 * accumulator, so a window is right across any number of wraps as long as reads are less than one wrap
 * apart. The meter keeps that itself: from its first window or poll a daemon thread reads the counters at the
 * {@link #requiredPollInterval()}, whoever opened the meter ({@code run}, {@code measure}, {@code ab}, a test's
 * energy budget, the JMH profiler), until {@link #close()}. Reads further apart than a wrap all the same (the
 * whole process was stopped) fail the windows and polls that span them. A delta the domain cannot have spent is
 * a reset: the accumulator is re-based on the new reading and every window spanning it fails with
 * {@link CounterResetException}.
 *
 * <p>With a ticker other than {@link Ticker#system()} (a test's fake clock) there is no guard thread: real time
 * would not be the meter's time, and the test reads the counters when it needs to.
 */
public abstract class CounterBankMeter implements Meter {

    private final String id;
    private final Duration updatePeriod;
    private final PollRequirement pollRequirement;
    private final CounterBank bank;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final boolean guarded;
    private FixedRateThread guard; // guarded by this; started by the first window or poll

    /**
     * @param id              the meter's id, also in the message when it is used after closing
     * @param specs           one per counter, in the order {@link #readCounters()} returns them
     * @param pollRequirement how often the counters must be read so that no wrap is missed
     * @param ticker          the clock of windows and polls
     * @param updatePeriod    how often the hardware updates its counters
     */
    protected CounterBankMeter(String id, List<CounterBank.Spec> specs, PollRequirement pollRequirement,
                               Ticker ticker, Duration updatePeriod) {
        this.id = Objects.requireNonNull(id, "id");
        this.updatePeriod = Objects.requireNonNull(updatePeriod, "updatePeriod");
        this.pollRequirement = Objects.requireNonNull(pollRequirement, "pollRequirement");
        this.bank = new CounterBank(specs, this::readCounters, ticker, updatePeriod, this::ensureOpen,
                pollRequirement.interval().multipliedBy(2));
        this.guarded = ticker == Ticker.system();
    }

    /** Starts the wrap guard once, on the first window or poll (not in the constructor: a subclass reads). */
    private synchronized void ensureGuard() {
        if (guard != null || !guarded || closed.get()) {
            return;
        }
        guard = new FixedRateThread("joulebench-" + id + "-wrap-guard", Ticker.system(),
                pollRequirement.interval().toNanos(), now -> {
                    try {
                        bank.read();
                    } catch (MeterReadException e) {
                        // a failed read changes nothing; the next one tries again, and a gap shows in the windows
                    }
                });
        guard.start();
    }

    /**
     * Every counter's raw reading, in the order of the specs given to the constructor.
     *
     * @throws MeterReadException when a counter cannot be read
     */
    protected abstract long[] readCounters();

    /** Releases what the counters hold (devices, files); called once, by the first {@link #close()}. */
    protected void release() {
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Method method() {
        return Method.COUNTER;
    }

    @Override
    public final Window begin(String label) {
        Objects.requireNonNull(label, "label");
        ensureOpen();
        ensureGuard();
        return bank.window(label);
    }

    @Override
    public final Duration updatePeriod() {
        return updatePeriod;
    }

    /** Half the shortest time in which any counter can wrap. */
    @Override
    public final Optional<Duration> requiredPollInterval() {
        return Optional.of(pollRequirement.interval());
    }

    @Override
    public final Optional<PollRequirement> pollRequirement() {
        return Optional.of(pollRequirement);
    }

    /**
     * Reads every counter and returns the average power per domain since the previous poll. A reset
     * seen since then (by this read or a window's; on the first poll, since the meter opened) is
     * thrown after the accumulator was re-based, so the next poll is right again.
     */
    @Override
    public final Map<Domain, Power> poll() {
        ensureOpen();
        ensureGuard();
        return bank.poll();
    }

    @Override
    public final long counterResets() {
        return bank.resets();
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            FixedRateThread g;
            synchronized (this) {
                g = guard;
            }
            if (g != null) {
                g.stop(); // before the counters' files or devices go
            }
            release();
        }
    }

    /** @throws IllegalStateException once the meter is closed */
    protected final void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("meter " + id + " is closed");
        }
    }
}
