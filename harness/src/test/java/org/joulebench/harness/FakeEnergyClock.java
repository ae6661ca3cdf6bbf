package org.joulebench.harness;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.Method;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;

/**
 * A hand-moved clock with an energy counter beside it: whatever moves the clock says at what power, so a window's
 * joules are known exactly. {@link #meter()} reads the counter as a CPU-package COUNTER meter would.
 */
final class FakeEnergyClock implements Ticker {

    private long now;
    private double joules;

    /** Moves the clock by {@code nanos} at {@code watts}. */
    synchronized void advance(long nanos, double watts) {
        now += nanos;
        joules += watts * nanos / 1e9;
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    private synchronized double joules() {
        return joules;
    }

    /** A meter on this clock's counter. */
    Meter meter() {
        return new Meter() {
            @Override public String id() { return "fake-counter"; }
            @Override public Method method() { return Method.COUNTER; }
            @Override public List<Domain> domains() { return List.of(Domain.CPU_PACKAGE); }
            @Override public String boundary() { return "the fake clock's counter"; }
            @Override public Map<String, Object> details() { return Map.of(); }
            @Override public void close() { }

            @Override
            public Window begin(String label) {
                long t0 = nanoTime();
                double j0 = joules();
                return new Window() {
                    @Override public String label() { return label; }

                    @Override
                    public Measurement end() {
                        Energy e = Energy.ofJoules(joules() - j0);
                        return new Measurement(label, Method.COUNTER, Duration.ofNanos(nanoTime() - t0),
                                Map.of(Domain.CPU_PACKAGE, e), e);
                    }
                };
            }
        };
    }
}
