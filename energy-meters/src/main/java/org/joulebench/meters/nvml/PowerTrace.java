package org.joulebench.meters.nvml;

import java.util.ArrayList;
import java.util.List;
import org.joulebench.meters.Energy;

/**
 * Power samples of one GPU in time order, and the trapezoid integral between two instants.
 * Between samples power is taken as linear; at an instant between two samples it is interpolated,
 * before the first or after the last it is held. Not thread-safe: the meter guards it.
 */
final class PowerTrace {

    /** One reading: nanoseconds on the meter's ticker, milliwatts. */
    record Sample(long nanos, double milliwatts) {
    }

    /**
     * An integral over {@code [from, to]}.
     *
     * @param samples samples that fell within the interval, its ends included
     * @param held    an end lay outside the samples, so power there was held, not interpolated
     */
    record Integral(Energy energy, int samples, boolean held) {
    }

    private final List<Sample> samples = new ArrayList<>();

    /** Adds a sample in time order (a late arrival is placed where it belongs). */
    void add(long nanos, double milliwatts) {
        int at = samples.size();
        while (at > 0 && samples.get(at - 1).nanos() > nanos) {
            at--;
        }
        samples.add(at, new Sample(nanos, milliwatts));
    }

    /** Drops samples no integral from {@code nanos} on needs: all before it but the last one. */
    void retainFrom(long nanos) {
        int last = firstIndexAfter(nanos) - 1; // the last sample at or before nanos
        if (last > 0) {
            samples.subList(0, last).clear();
        }
    }

    /** The latest sample. */
    Sample latest() {
        if (samples.isEmpty()) {
            throw new IllegalStateException("no power samples yet");
        }
        return samples.get(samples.size() - 1);
    }

    int size() {
        return samples.size();
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Energy between {@code from} and {@code to} (nanoseconds, {@code from <= to}). */
    Integral integrate(long from, long to) {
        if (samples.isEmpty()) {
            throw new IllegalStateException("no power samples to integrate");
        }
        if (to < from) {
            throw new IllegalArgumentException("interval ends before it starts: " + from + " to " + to);
        }
        double milliwattNanos = 0;
        long prevNanos = from;
        double prevMw = valueAt(from);
        int within = 0;
        for (int i = firstIndexAtOrAfter(from); i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (s.nanos() > to) {
                break;
            }
            within++;
            milliwattNanos += (prevMw + s.milliwatts()) / 2 * (s.nanos() - prevNanos);
            prevNanos = s.nanos();
            prevMw = s.milliwatts();
        }
        milliwattNanos += (prevMw + valueAt(to)) / 2 * (to - prevNanos);
        boolean held = from < samples.get(0).nanos() || to > samples.get(samples.size() - 1).nanos();
        return new Integral(Energy.ofJoules(milliwattNanos * 1e-12), within, held);
    }

    /** Power at an instant, interpolated between the samples around it, held beyond them. */
    double valueAt(long nanos) {
        int i = firstIndexAtOrAfter(nanos);
        if (i == 0) {
            return samples.get(0).milliwatts();
        }
        if (i == samples.size()) {
            return samples.get(i - 1).milliwatts();
        }
        Sample after = samples.get(i);
        if (after.nanos() == nanos) {
            return after.milliwatts();
        }
        Sample before = samples.get(i - 1);
        double f = (double) (nanos - before.nanos()) / (after.nanos() - before.nanos());
        return before.milliwatts() + f * (after.milliwatts() - before.milliwatts());
    }

    private int firstIndexAtOrAfter(long nanos) {
        return search(nanos, false);
    }

    private int firstIndexAfter(long nanos) {
        return search(nanos, true);
    }

    private int search(long nanos, boolean strictlyAfter) {
        int lo = 0;
        int hi = samples.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long t = samples.get(mid).nanos();
            if (t < nanos || (strictlyAfter && t == nanos)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
