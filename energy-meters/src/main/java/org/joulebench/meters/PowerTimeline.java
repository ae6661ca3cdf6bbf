package org.joulebench.meters;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of what a {@link Sampler} recorded: one series of average power per meter
 * and domain. Each point is the average power over the interval that ends at its time, which is
 * counted from the sampler's creation.
 *
 * @param period          the sampler's period
 * @param series          the series, by meter in the sampler's order, then by domain
 * @param missedDeadlines deadlines the sampler skipped because it fell behind
 */
public record PowerTimeline(Duration period, List<Series> series, long missedDeadlines) {

    public PowerTimeline {
        Objects.requireNonNull(period, "period");
        series = List.copyOf(series);
    }

    /**
     * The points of one meter's domain, oldest first.
     *
     * @param droppedPoints the oldest points dropped because the series' buffer was full
     */
    public record Series(String meterId, Domain domain, Method method, List<Point> points, long droppedPoints) {

        public Series {
            Objects.requireNonNull(meterId, "meterId");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(method, "method");
            points = List.copyOf(points);
        }
    }

    /**
     * Average power over the interval that ends {@code sinceStart} after the sampler was created.
     */
    public record Point(Duration sinceStart, Power power) {

        public Point {
            Objects.requireNonNull(sinceStart, "sinceStart");
            Objects.requireNonNull(power, "power");
        }

        public double seconds() {
            return sinceStart.toNanos() / 1e9;
        }

        public double watts() {
            return power.watts();
        }
    }

    /** The series of {@code meterId}'s {@code domain}, if any point was recorded for it. */
    public Optional<Series> series(String meterId, Domain domain) {
        return series.stream().filter(s -> s.meterId().equals(meterId) && s.domain() == domain).findFirst();
    }

    /** Points dropped from all series because their buffers were full. */
    public long droppedPoints() {
        return series.stream().mapToLong(Series::droppedPoints).sum();
    }
}
