package org.joulebench.runners.serve;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A meter over a counter that rises by a fixed step at each read: a window's joules are the counter's rise from its
 * begin to its end, so windows that overlap others see more. Every reading it hands out is kept by label, for the
 * tests to compare with what the server put in {@code usage}; {@code unreadable} makes every window fail instead.
 */
final class FakeResponseMeter implements ResponseMeter {

    final Map<String, Reading> readings = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final double joulesPerRead;
    private final boolean unreadable;

    FakeResponseMeter(double joulesPerRead, boolean unreadable) {
        this.joulesPerRead = joulesPerRead;
        this.unreadable = unreadable;
    }

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public String method() {
        return "COUNTER";
    }

    @Override
    public String boundary() {
        return "the fake counter";
    }

    @Override
    public Window begin(String label) {
        long start = counter.incrementAndGet();
        long t0 = System.nanoTime();
        return () -> {
            long end = counter.incrementAndGet();
            if (unreadable) {
                throw new Unreadable("the fake counter is set to fail", null);
            }
            Reading r = new Reading((end - start) * joulesPerRead, Duration.ofNanos(System.nanoTime() - t0), List.of());
            readings.put(label, r);
            return r;
        };
    }
}
