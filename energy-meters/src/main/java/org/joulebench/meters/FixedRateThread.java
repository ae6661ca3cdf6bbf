package org.joulebench.meters;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * <b>Implementation aid for meter plug-ins</b> (NVML's power sampler, the counter meters' wrap guard), public
 * only because it must cross packages: not part of the meter API.
 *
 * <p>A daemon thread that calls a sampling step at a fixed rate: deadlines lie on the grid
 * {@code start + k × period} of the ticker, so a slow step does not shift the ones after it, and
 * deadlines missed while a step ran are skipped (and counted), not caught up in a burst. A step
 * that throws stops the thread; {@link #failure} keeps why.
 */
public final class FixedRateThread {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final Ticker ticker;
    private final long periodNanos;
    private final LongConsumer step;
    private final Thread thread;
    private final AtomicLong missed = new AtomicLong();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /** {@code step} receives the ticker's time at which it samples. */
    public FixedRateThread(String name, Ticker ticker, long periodNanos, LongConsumer step) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("sample period must be positive, was " + periodNanos + " ns");
        }
        this.ticker = ticker;
        this.periodNanos = periodNanos;
        this.step = step;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long deadline = ticker.nanoTime() + periodNanos;
        while (running && !Thread.currentThread().isInterrupted()) {
            long wait = deadline - ticker.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            try {
                step.accept(ticker.nanoTime());
            } catch (RuntimeException e) {
                failure = e;
                return;
            }
            long next = nextDeadline(deadline, ticker.nanoTime(), periodNanos);
            missed.addAndGet((next - deadline) / periodNanos - 1);
            deadline = next;
        }
    }

    /** The first deadline on the grid {@code deadline + k × period} (k ≥ 1) that is still ahead of {@code now}. */
    static long nextDeadline(long deadline, long now, long periodNanos) {
        long next = deadline + periodNanos;
        if (next <= now) {
            next += ((now - next) / periodNanos + 1) * periodNanos;
        }
        return next;
    }

    /** Stops the thread and waits for a step in progress to finish. */
    public void stop() {
        running = false;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    public long periodNanos() {
        return periodNanos;
    }

    /** Deadlines skipped because a step overran them. */
    public long missedDeadlines() {
        return missed.get();
    }

    /** Why the sampler stopped on its own, if it did. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }
}
