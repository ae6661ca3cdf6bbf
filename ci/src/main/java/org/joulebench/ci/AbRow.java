package org.joulebench.ci;

import org.joulebench.harness.PairedRatio;

/**
 * One metric of an A/B comparison: B/A over the rounds, and the gate's verdict where the metric is judged.
 *
 * @param metric     the metric's id: {@code energy:METER}, {@code wall_time}, {@code cpu_time}
 * @param label      what it is, in words, with how energy was obtained
 * @param unit       the unit of {@link PairedRatio#baseline()} and {@link PairedRatio#current()}
 * @param ratio      B/A: the estimate, its interval, the test
 * @param verdict    the gate's verdict, or null for a metric shown but not judged
 * @param summary    the verdict in a few words, or "(not judged)"
 * @param reason     why, with the figures
 */
public record AbRow(String metric, String label, String unit, PairedRatio ratio, Verdict verdict, String summary,
                    String reason) {
}
