package org.joulebench.meters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded series of power points: when full, a new point replaces the oldest, which is counted as
 * dropped. Primitive arrays, so that an hour at 10 Hz costs two arrays, not 36,000 objects. Not
 * thread-safe: the {@link Sampler} guards it.
 */
final class PowerRing {

    private final long[] nanos;
    private final double[] watts;
    private int next;
    private int size;
    private long dropped;

    PowerRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        nanos = new long[capacity];
        watts = new double[capacity];
    }

    void add(long sinceStartNanos, double w) {
        nanos[next] = sinceStartNanos;
        watts[next] = w;
        next = (next + 1) % nanos.length;
        if (size < nanos.length) {
            size++;
        } else {
            dropped++;
        }
    }

    int size() {
        return size;
    }

    long dropped() {
        return dropped;
    }

    /** The points, oldest first. */
    List<PowerTimeline.Point> points() {
        List<PowerTimeline.Point> out = new ArrayList<>(size);
        int first = size < nanos.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            int at = (first + i) % nanos.length;
            out.add(new PowerTimeline.Point(Duration.ofNanos(nanos[at]), Power.ofWatts(watts[at])));
        }
        return out;
    }
}
