package org.joulebench.reports;

import java.time.Instant;
import java.util.List;

import org.joulebench.harness.Metric;

/**
 * One metric of one model on one task over the runs of a history, oldest first.
 *
 * @param model  the model id
 * @param task   the task id
 * @param metric      what the points show
 * @param concurrency the serving scenario's level the points are of, or null for the single scenario
 * @param levels      every serving level the history holds of this model and task (to name the others), ascending
 * @param points      one per run × backend × device, oldest first
 */
public record Trend(String model, String task, Metric metric, Integer concurrency, List<Integer> levels,
                    List<Point> points) {

    public Trend {
        levels = List.copyOf(levels);
        points = List.copyOf(points);
    }

    /** A trend of the single scenario. */
    public Trend(String model, String task, Metric metric, List<Point> points) {
        this(model, task, metric, null, List.of(), points);
    }

    /** What the points are, in words: the metric's label, or at a serving level what the figure is there. */
    public String label() {
        return concurrency == null ? metric.description() : metric.servingDescription();
    }

    /** The unit of the points: the metric's, or at a serving level what it counts per. */
    public String unit() {
        return concurrency == null ? metric.unit() : metric.servingUnit();
    }

    /**
     * One run's figure.
     *
     * @param runId        the run's id
     * @param start        when the run started
     * @param host         the host's name
     * @param hostFingerprint a short hash over the host's hardware (see {@link ResultsHistory})
     * @param backend      the backend or engine the model ran on
     * @param device       the device it ran on, e.g. {@code cpu}
     * @param meter        the meter the energy figures came from
     * @param method       COUNTER, POWER_INTEGRATION or ESTIMATE
     * @param value        the figure, or null where the run did not record it (no accuracy for random weights)
     * @param lo           the lower 95% bound, or null where there is none
     * @param hi           the upper 95% bound, or null where there is none
     * @param modelSha256  the sha256 of the model file the run loaded, or null for results that did not record it
     * @param metricName   for {@link Metric#ACCURACY}, the task metric's name (e.g. {@code accuracy@1}); else null
     */
    public record Point(String runId, Instant start, String host, String hostFingerprint, String backend,
                        String device, String meter, String method, Double value, Double lo, Double hi,
                        String modelSha256, String metricName) {
    }
}
