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
 * apart, which a {@link Sampler} at the {@link #requiredPollInterval()} guarantees. A delta the domain
 * cannot have spent is a reset: the accumulator is re-based on the new reading and every window spanning
 * it fails with {@link CounterResetException}.
 */
public abstract class CounterBankMeter implements Meter {

    private final String id;
    private final Duration updatePeriod;
    private final PollRequirement pollRequirement;
    private final CounterBank bank;
    private final AtomicBoolean closed = new AtomicBoolean();

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
        this.bank = new CounterBank(specs, this::readCounters, ticker, updatePeriod, this::ensureOpen);
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
        return bank.poll();
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
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
