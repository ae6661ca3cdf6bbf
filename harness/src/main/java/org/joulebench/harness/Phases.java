package org.joulebench.harness;

import java.util.ArrayList;
import java.util.List;

/** Marks what a run is doing when, on the sampler's clock, one phase after another. */
final class Phases {

    private final org.joulebench.meters.Ticker clock;
    private final long originNanos;
    private final List<PowerTrace.Phase> done = new ArrayList<>();
    private String current;
    private long currentStart;

    /** Phases on the system clock, from {@code originNanos} of it. */
    Phases(long originNanos) {
        this(org.joulebench.meters.Ticker.system(), originNanos);
    }

    /** Phases on {@code clock} (the run's: the meters' and the sampler's), from now. */
    Phases(org.joulebench.meters.Ticker clock) {
        this(clock, clock.nanoTime());
    }

    private Phases(org.joulebench.meters.Ticker clock, long originNanos) {
        this.clock = clock;
        this.originNanos = originNanos;
    }

    /** Ends the current phase, if any, and begins {@code name}. */
    void begin(String name) {
        long now = clock.nanoTime();
        end(now);
        current = name;
        currentStart = now;
    }

    /** Ends the current phase. */
    void end() {
        end(clock.nanoTime());
    }

    private void end(long now) {
        if (current != null) {
            done.add(new PowerTrace.Phase(current, (currentStart - originNanos) / 1e9, (now - originNanos) / 1e9));
            current = null;
        }
    }

    List<PowerTrace.Phase> all() {
        return List.copyOf(done);
    }
}
