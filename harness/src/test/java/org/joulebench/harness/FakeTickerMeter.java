package org.joulebench.harness;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;

/**
 * A meter on a hand-moved clock: a window's duration is the clock's advance inside it, its energy that duration at
 * a fixed power. {@link #failNext} makes the next window's end fail as a broken counter would.
 */
final class FakeTickerMeter implements Meter, Ticker {

    final double watts;
    long now;
    boolean failNext;

    FakeTickerMeter(double watts) {
        this.watts = watts;
    }

    void advance(long nanos) {
        now += nanos;
    }

    @Override public long nanoTime() { return now; }
    @Override public String id() { return "fake-clock"; }
    @Override public Method method() { return Method.COUNTER; }
    @Override public List<Domain> domains() { return List.of(Domain.CPU_PACKAGE); }
    @Override public String boundary() { return "test"; }
    @Override public Map<String, Object> details() { return Map.of(); }
    @Override public void close() { }

    @Override
    public Window begin(String label) {
        long start = now;
        return new Window() {
            @Override public String label() { return label; }

            @Override
            public Measurement end() {
                if (failNext) {
                    failNext = false;
                    throw new MeterReadException("fake counter reset");
                }
                Duration d = Duration.ofNanos(now - start);
                Energy e = Energy.ofJoules(watts * (now - start) / 1e9);
                return new Measurement(label, Method.COUNTER, d, Map.of(Domain.CPU_PACKAGE, e), e);
            }
        };
    }
}
