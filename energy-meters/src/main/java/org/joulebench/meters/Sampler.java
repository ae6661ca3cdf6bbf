package org.joulebench.meters;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls meters at a fixed rate on one daemon thread ({@value #THREAD_NAME}) and keeps a bounded
 * power timeline per meter and domain. Polling serves two ends: the timeline, and counter meters
 * following wraps between window ends (see {@link Meter#requiredPollInterval()}).
 *
 * <p>Deadlines are {@code start + k × period} on the {@link Ticker}, so the rate does not drift;
 * when a poll overruns, the deadlines it missed are skipped and counted, never run back to back.
 * A poll that fails is recorded in {@link #errors()} and does not stop the other meters or the
 * thread. The sampler does not own its meters: closing it stops the thread, not the meters.
 *
 * <pre>{@code
 * try (Sampler sampler = new Sampler(List.of(meter), config)) {
 *     sampler.start();
 *     ... windows ...
 *     PowerTimeline timeline = sampler.timeline();
 * }
 * }</pre>
 */
public final class Sampler implements AutoCloseable {

    public static final String THREAD_NAME = "joulebench-sampler";
    /** One hour at the default 10 Hz. */
    public static final int DEFAULT_CAPACITY = 36_000;
    /** Errors kept by {@link #errors()}; later ones are only counted. */
    public static final int MAX_ERRORS = 1_000;

    private static final long JOIN_MILLIS = 5_000;

    private final List<Meter> meters;
    private final long periodNanos;
    private final int capacity;
    private final Ticker ticker;
    private final long originNanos;

    /** Serialises polls (thread and {@link #pollNow()}), so that each meter's polls follow one another. */
    private final Object pollLock = new Object();
    private final Object lock = new Object();
    // guarded by lock
    private final List<Map<Domain, PowerRing>> rings;
    private final List<PollError> errors = new ArrayList<>();
    private long errorCount;
    private long missedDeadlines;
    private Thread thread;
    private boolean closed;

    private volatile boolean stopping;

    /** Samples at {@link MeterConfig#sampleHz()} on {@link MeterConfig#ticker()}, {@value #DEFAULT_CAPACITY} points per series. */
    public Sampler(List<? extends Meter> meters, MeterConfig config) {
        this(meters, config.sampleHz(), DEFAULT_CAPACITY, config.ticker());
    }

    /**
     * @param meters   the meters to poll, in the order of the timeline's series
     * @param hz       polls per second
     * @param capacity points kept per series; older points are dropped and counted
     * @param ticker   the clock for deadlines and point times
     * @throws IllegalArgumentException when the rate is too slow for a meter's
     *                                  {@link Meter#pollRequirement()}, naming the meter, the source and the rate needed
     */
    public Sampler(List<? extends Meter> meters, double hz, int capacity, Ticker ticker) {
        this.meters = List.copyOf(meters);
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (!(hz > 0) || Double.isInfinite(hz)) {
            throw new IllegalArgumentException("sample rate must be a positive number of Hz, was " + hz);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 point per series, was " + capacity);
        }
        this.periodNanos = Math.max(1, Math.round(1e9 / hz));
        this.capacity = capacity;
        for (Meter meter : this.meters) {
            meter.pollRequirement().ifPresent(r -> checkRate(meter, r, hz));
        }
        this.rings = new ArrayList<>();
        this.meters.forEach(m -> rings.add(new EnumMap<>(Domain.class)));
        this.originNanos = ticker.nanoTime();
    }

    private void checkRate(Meter meter, PollRequirement requirement, double hz) {
        if (periodNanos > requirement.interval().toNanos()) {
            double neededHz = 1e9 / requirement.interval().toNanos();
            throw new IllegalArgumentException("sampling at " + number(hz, RoundingMode.HALF_EVEN) + " Hz (every "
                    + seconds(periodNanos) + " s) is too slow for meter " + meter.id() + ": "
                    + requirement.reason() + "; sample at " + number(neededHz, RoundingMode.CEILING)
                    + " Hz or more");
        }
    }

    /** The time between two deadlines. */
    public Duration period() {
        return Duration.ofNanos(periodNanos);
    }

    /**
     * Starts the polling thread; its first poll is due at once.
     *
     * @throws IllegalStateException when already started or closed
     */
    public void start() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("sampler is closed");
            }
            if (thread != null) {
                throw new IllegalStateException("sampler was already started");
            }
            thread = new Thread(this::run, THREAD_NAME);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Polls every meter now and records the points, as the thread does at each deadline. Failed
     * polls are recorded in {@link #errors()}, not thrown.
     *
     * @throws IllegalStateException when the sampler is closed
     */
    public void pollNow() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("sampler is closed");
            }
        }
        pollAll();
    }

    /** An immutable snapshot of the timeline so far. */
    public PowerTimeline timeline() {
        synchronized (lock) {
            List<PowerTimeline.Series> series = new ArrayList<>();
            for (int i = 0; i < meters.size(); i++) {
                Meter meter = meters.get(i);
                rings.get(i).forEach((domain, ring) -> series.add(new PowerTimeline.Series(meter.id(), domain,
                        meter.method(), ring.points(), ring.dropped())));
            }
            return new PowerTimeline(period(), series, missedDeadlines);
        }
    }

    /** The first {@value #MAX_ERRORS} failed polls, oldest first. */
    public List<PollError> errors() {
        synchronized (lock) {
            return List.copyOf(errors);
        }
    }

    /** All failed polls, including those beyond {@value #MAX_ERRORS}. */
    public long errorCount() {
        synchronized (lock) {
            return errorCount;
        }
    }

    /** Deadlines skipped because a poll overran. */
    public long missedDeadlines() {
        synchronized (lock) {
            return missedDeadlines;
        }
    }

    /** Stops the thread and waits for it to end; the meters stay open. Closing twice is harmless. */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        stopping = true;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A poll that failed.
     *
     * @param meterId    the meter whose poll failed
     * @param sinceStart when, counted from the sampler's creation
     * @param error      what failed: a {@link MeterReadException} (or {@link CounterResetException})
     *                   for a source, anything else for a bug
     */
    public record PollError(String meterId, Duration sinceStart, RuntimeException error) {
    }

    /**
     * The deadline that follows deadline {@code index}, and how many were skipped to reach it.
     *
     * @param index   the deadline's number k: it falls at {@code start + k × period}
     * @param nanos   its time on the ticker
     * @param skipped deadlines between the last served one and this one, all already past
     */
    record Deadline(long index, long nanos, long skipped) {
    }

    /**
     * The next deadline after serving deadline {@code lastIndex}, when the ticker reads {@code now}:
     * the first deadline {@code start + j × period} with {@code j > lastIndex} that is not past
     * ({@code ≥ now}); the ones before it are skipped. Pure, so that tests need no thread.
     */
    static Deadline nextDeadline(long startNanos, long periodNanos, long lastIndex, long nowNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be positive, was " + periodNanos + " ns");
        }
        long index = lastIndex + 1;
        long elapsed = nowNanos - startNanos;
        if (elapsed > index * periodNanos) {
            index = Math.floorDiv(elapsed - 1, periodNanos) + 1; // ceil(elapsed / period)
        }
        return new Deadline(index, startNanos + index * periodNanos, index - lastIndex - 1);
    }

    private void run() {
        long start = ticker.nanoTime();
        long index = 0;
        long deadline = start;
        while (!stopping) {
            long wait = deadline - ticker.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                if (Thread.interrupted()) {
                    return; // nobody but the JVM's shutdown interrupts our own thread
                }
                continue;
            }
            pollAll();
            Deadline next = nextDeadline(start, periodNanos, index, ticker.nanoTime());
            synchronized (lock) {
                missedDeadlines += next.skipped();
            }
            index = next.index();
            deadline = next.nanos();
        }
    }

    private void pollAll() {
        synchronized (pollLock) {
            pollEach();
        }
    }

    private void pollEach() {
        for (int i = 0; i < meters.size(); i++) {
            Meter meter = meters.get(i);
            long at = ticker.nanoTime() - originNanos;
            Map<Domain, Power> power;
            try {
                power = meter.poll();
            } catch (RuntimeException e) {
                recordError(meter, at, e);
                continue;
            }
            synchronized (lock) {
                Map<Domain, PowerRing> byDomain = rings.get(i);
                power.forEach((domain, p) -> byDomain.computeIfAbsent(domain, d -> new PowerRing(capacity))
                        .add(at, p.watts()));
            }
        }
    }

    private void recordError(Meter meter, long at, RuntimeException e) {
        synchronized (lock) {
            errorCount++;
            if (errors.size() < MAX_ERRORS) {
                errors.add(new PollError(meter.id(), Duration.ofNanos(at), e));
            }
        }
    }

    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    private static String number(double x, RoundingMode rounding) {
        return new BigDecimal(x).round(new MathContext(3, rounding)).stripTrailingZeros().toPlainString();
    }
}
