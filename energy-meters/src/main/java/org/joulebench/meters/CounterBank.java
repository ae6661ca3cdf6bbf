package org.joulebench.meters;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * <b>Implementation aid for counter meter plug-ins</b> (the powercap and MSR meters), public only
 * because it must cross packages: not part of the meter API, and it may change without notice.
 *
 * <p>The wrap guard of a set of cumulative energy counters. Every read (a window's start or end, a
 * {@link #poll()}) goes through {@link #read()}, which adds each counter's delta since the previous
 * read, as its {@link Spec#delta} corrects it for a wrap, to a 64-bit accumulator of counts; windows
 * subtract accumulator values. So a window is right across any number of wraps as long as reads are
 * less than one wrap apart, which the owning meter's guard thread ({@link CounterBankMeter}) keeps; a window or
 * poll whose reads were further apart than a wrap (the whole process was paused) fails rather than guess.
 * A delta the counter cannot have spent (the {@code delta} function throws) is a reset: the
 * accumulator is re-based on the new reading and every window or poll spanning it fails with (a copy
 * of) that exception.
 */
public final class CounterBank {

    /** How far a counter moved between two raw readings; throws for a move that is no energy (a reset). */
    @FunctionalInterface
    public interface Delta {
        /**
         * @throws MeterReadException (usually {@link CounterResetException}) for a delta the counter
         *                            cannot have spent in {@code elapsedNanos}
         */
        long delta(long start, long end, long elapsedNanos);
    }

    /**
     * One counter of the bank.
     *
     * @param domain         what the counter covers
     * @param inTotal        whether it counts in the meter's total
     * @param joulesPerCount the energy of one count
     * @param delta          its wrap correction and reset check
     */
    public record Spec(Domain domain, boolean inTotal, double joulesPerCount, Delta delta) {
    }

    /**
     * The accumulated counters at one read.
     *
     * @param nanos     the ticker halfway through the read (the counters were read between the ticker's readings
     *                  before and after)
     * @param unwrapped per counter, counts since the first read, wraps included
     * @param resets    per counter, resets seen so far: a window whose ends differ here spans one
     * @param gaps      gaps seen so far between two reads longer than a counter needs to wrap: a window whose ends
     *                  differ here spans one, and a wrap in it may have gone unseen
     */
    public record Reading(long nanos, long[] unwrapped, long[] resets, long gaps) {
    }

    private final List<Spec> specs;
    private final Supplier<long[]> rawReader;
    private final Ticker ticker;
    private final Duration updatePeriod;
    private final Runnable ensureOpen;

    private final long wrapNanos;
    private final int readAttempts;
    private final long tightReadNanos;

    // guarded by this
    private long[] lastRaw;             // null before the first read
    private long lastReadBegan;         // the ticker before the previous read
    private long lastReadEnded;         // and after it
    private long gaps;
    private String lastGap;
    private final long[] unwrapped;
    private final long[] resets;        // resets seen per counter
    private final MeterReadException[] lastReset;
    private Reading lastPoll;           // null before the first poll
    private final Reading opened;       // no energy, no resets: what the first poll compares resets with

    /**
     * @param specs        the counters, in the order {@code rawReader} returns them
     * @param rawReader    reads every counter's raw value; throws {@link MeterReadException} when one
     *                     cannot be read (the read then changes nothing)
     * @param ticker       the clock of the readings
     * @param updatePeriod windows shorter than this are flagged
     *                     {@link Measurement.Flag#SHORTER_THAN_UPDATE_PERIOD}
     * @param ensureOpen   throws when the meter was closed; checked by a window's end
     * @param wrapAfter    the shortest time in which a counter can wrap: reads further apart than this leave a gap
     *                     in which a wrap may have gone unseen
     */
    public CounterBank(List<Spec> specs, Supplier<long[]> rawReader, Ticker ticker, Duration updatePeriod,
                       Runnable ensureOpen, Duration wrapAfter) {
        this(specs, rawReader, ticker, updatePeriod, ensureOpen, wrapAfter, 1, Duration.ZERO);
    }

    /**
     * As {@link #CounterBank(List, Supplier, Ticker, Duration, Runnable, Duration)}, for counters whose read can
     * be slow (a library call per counter): a read whose clock bracket is wider than {@code tightRead} (the thread
     * was descheduled mid-read) is taken again, up to {@code readAttempts} times, keeping the tightest; otherwise
     * a short window's time and energy disagree by the delay.
     */
    public CounterBank(List<Spec> specs, Supplier<long[]> rawReader, Ticker ticker, Duration updatePeriod,
                       Runnable ensureOpen, Duration wrapAfter, int readAttempts, Duration tightRead) {
        if (readAttempts < 1) {
            throw new IllegalArgumentException("at least one read attempt is needed, was " + readAttempts);
        }
        this.readAttempts = readAttempts;
        this.tightReadNanos = tightRead.toNanos();
        this.wrapNanos = wrapAfter.toNanos();
        this.specs = List.copyOf(specs);
        this.rawReader = rawReader;
        this.ticker = ticker;
        this.updatePeriod = updatePeriod;
        this.ensureOpen = ensureOpen;
        int n = this.specs.size();
        this.unwrapped = new long[n];
        this.resets = new long[n];
        this.lastReset = new MeterReadException[n];
        this.opened = new Reading(0, new long[n], new long[n], 0);
    }

    /**
     * Reads every counter and adds each one's delta since the previous read to its accumulator. A
     * delta that cannot be energy (a reset) adds nothing: the reading becomes the new base, and the
     * reset is counted for the windows that span it. A failed read changes nothing.
     */
    public synchronized Reading read() {
        long began = 0;
        long ended = 0;
        long[] raw = null;
        for (int attempt = 0; attempt < readAttempts && (raw == null || ended - began > tightReadNanos); attempt++) {
            long before = ticker.nanoTime();
            long[] r = rawReader.get();
            long after = ticker.nanoTime();
            if (raw == null || after - before < ended - began) {
                began = before;
                ended = after;
                raw = r;
            }
        }
        if (lastRaw != null) {
            // The counters were read somewhere inside each read's bracket: the delta took at most this long, so a
            // pause between the clock and the counters (a GC, preemption) does not make an ordinary delta look
            // like more power than the domain can draw.
            long elapsed = ended - lastReadBegan;
            long shortest = began - lastReadEnded;
            if (shortest > wrapNanos) {
                gaps++;
                lastGap = String.format(java.util.Locale.ROOT, "the counters were not read for %.3f s, longer than"
                        + " the %.3f s in which one can wrap", shortest / 1e9, wrapNanos / 1e9);
            }
            for (int i = 0; i < raw.length; i++) {
                try {
                    unwrapped[i] += specs.get(i).delta().delta(lastRaw[i], raw[i], elapsed);
                } catch (MeterReadException e) {
                    resets[i]++;
                    lastReset[i] = e;
                }
            }
        }
        lastRaw = raw;
        lastReadBegan = began;
        lastReadEnded = ended;
        return new Reading(began + (ended - began) / 2, unwrapped.clone(), resets.clone(), gaps);
    }

    /**
     * Throws when the readings span a gap between reads longer than a counter needs to wrap: a wrap in it would
     * be unseen, so the energy between them cannot be known.
     */
    private synchronized void throwIfGap(Reading from, Reading to, String what) {
        if (from.gaps() != to.gaps()) {
            throw new MeterReadException(what + " cannot be measured: " + lastGap + " (the process was paused, or"
                    + " nothing read the meter often enough)");
        }
    }

    /** Resets seen so far, over all counters. */
    public synchronized long resets() {
        long sum = 0;
        for (long r : resets) {
            sum += r;
        }
        return sum;
    }

    /** Throws the reset of the first counter (others suppressed) whose reset count differs between the readings. */
    public synchronized void throwIfReset(Reading from, Reading to) {
        MeterReadException thrown = null;
        for (int i = 0; i < resets.length; i++) {
            if (from.resets()[i] != to.resets()[i]) {
                MeterReadException e = fresh(lastReset[i]);
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

    /** A new exception with the recorded one's facts, and the recorded one (where it was seen) as cause. */
    private static MeterReadException fresh(MeterReadException recorded) {
        if (recorded instanceof CounterResetException c) {
            CounterResetException copy = new CounterResetException(c.zone(), c.from(), c.to(), c.elapsed(),
                    c.impliedPower(), c.limit());
            copy.initCause(c);
            return copy;
        }
        return new MeterReadException(recorded.getMessage(), recorded);
    }

    /**
     * Reads every counter and returns the average power per domain since the previous poll. A reset
     * seen since then (by this read or a window's; on the first poll, since the bank was made) is
     * thrown after the accumulator was re-based, so the next poll is right again.
     */
    public synchronized Map<Domain, Power> poll() {
        Reading now = read();
        Reading previous = lastPoll;
        lastPoll = now;
        // resets since the previous poll, or since the bank was made on the first
        throwIfReset(previous == null ? opened : previous, now);
        if (previous == null) {
            return Map.of();
        }
        throwIfGap(previous, now, "the power since the previous poll");
        long elapsed = now.nanos() - previous.nanos();
        if (elapsed <= 0) {
            return Map.of();
        }
        Map<Domain, Power> power = new EnumMap<>(Domain.class);
        joulesByDomain(previous, now).forEach((domain, j) -> power.put(domain, Power.ofWatts(j / (elapsed / 1e9))));
        return Collections.unmodifiableMap(power);
    }

    /** Opens a window: reads the counters now, and measures from this reading at its end. */
    public Window window(String label) {
        return new CounterWindow(label, read());
    }

    private Map<Domain, Double> joulesByDomain(Reading from, Reading to) {
        Map<Domain, Double> byDomain = new EnumMap<>(Domain.class);
        for (Spec spec : specs) {
            byDomain.computeIfAbsent(spec.domain(), d -> joules(from, to, i -> specs.get(i).domain() == d));
        }
        return byDomain;
    }

    /** The energy of the counters {@code which} selects: counts summed exactly per unit, then scaled once. */
    private double joules(Reading from, Reading to, IntPredicate which) {
        Map<Double, Long> countsByUnit = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            if (which.test(i)) {
                countsByUnit.merge(specs.get(i).joulesPerCount(), to.unwrapped()[i] - from.unwrapped()[i], Long::sum);
            }
        }
        double joules = 0;
        for (Map.Entry<Double, Long> e : countsByUnit.entrySet()) {
            joules += e.getValue() * e.getKey();
        }
        return joules;
    }

    /** One window over the bank: the accumulated counters at its start, turned into a measurement at its end. */
    private final class CounterWindow implements Window {

        private final String label;
        private final Reading start;
        private final AtomicBoolean ended = new AtomicBoolean();

        CounterWindow(String label, Reading start) {
            this.label = label;
            this.start = start;
        }

        @Override
        public String label() {
            return label;
        }

        /**
         * Ends the window.
         *
         * @throws CounterResetException when a counter was reset within the window
         */
        @Override
        public Measurement end() {
            ensureOpen.run();
            if (!ended.compareAndSet(false, true)) {
                throw new IllegalStateException("window '" + label + "' was already ended");
            }
            Reading end = read();
            if (end.nanos() < start.nanos()) {
                throw new MeterReadException("the clock went backwards in window '" + label + "'");
            }
            throwIfReset(start, end);
            throwIfGap(start, end, "window '" + label + "'");
            Map<Domain, Energy> byDomain = new EnumMap<>(Domain.class);
            joulesByDomain(start, end).forEach((domain, j) -> byDomain.put(domain, Energy.ofJoules(j)));
            Energy total = Energy.ofJoules(joules(start, end, i -> specs.get(i).inTotal()));
            Duration duration = Duration.ofNanos(end.nanos() - start.nanos());
            Set<Measurement.Flag> flags = duration.compareTo(updatePeriod) < 0
                    ? Set.of(Measurement.Flag.SHORTER_THAN_UPDATE_PERIOD)
                    : Set.of();
            return new Measurement(label, Method.COUNTER, duration, byDomain, total, flags);
        }
    }
}
