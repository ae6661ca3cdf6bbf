package org.joulebench.harness;

import java.util.List;

/**
 * Power over the run as the sampler saw it, with the run's phases on the same clock, for the
 * power-over-time chart. Seconds count from the sampler's start.
 *
 * @param periodS         the sampler's period
 * @param series          power per meter and domain
 * @param phases          what the run was doing when
 * @param missedDeadlines samples the sampler skipped because it fell behind
 */
public record PowerTrace(double periodS, List<Series> series, List<Phase> phases, long missedDeadlines) {

    public PowerTrace {
        series = List.copyOf(series);
        phases = List.copyOf(phases);
    }

    /**
     * @param droppedPoints the oldest points the bounded buffer let go
     */
    public record Series(String meter, String domain, String method, List<Double> seconds, List<Double> watts,
                         long droppedPoints) {

        public Series {
            seconds = List.copyOf(seconds);
            watts = List.copyOf(watts);
            if (seconds.size() != watts.size()) {
                throw new IllegalArgumentException("seconds and watts differ in length");
            }
        }
    }

    public record Phase(String name, double startS, double endS) {
    }
}
