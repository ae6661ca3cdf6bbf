package org.joulebench.reports;

import java.time.Instant;
import java.util.List;

/**
 * A run as the results history holds it.
 *
 * @param runId           the run's id
 * @param start           when it started
 * @param host            the host's name
 * @param hostFingerprint a short hash over the host's hardware (see {@link ResultsHistory})
 * @param suite           the suite's name and version, e.g. {@code wordnet@1}
 * @param suiteSha256     the sha256 over the suite's file and datasets
 * @param results         how many task × model × backend (× concurrency level) rows it holds
 * @param concurrency     the serving scenario's levels it holds, ascending; empty for a single-scenario run
 */
public record HistoryRun(String runId, Instant start, String host, String hostFingerprint, String suite,
                         String suiteSha256, int results, List<Integer> concurrency) {

    public HistoryRun {
        concurrency = List.copyOf(concurrency);
    }

    /** A run of the single scenario. */
    public HistoryRun(String runId, Instant start, String host, String hostFingerprint, String suite,
                      String suiteSha256, int results) {
        this(runId, start, host, hostFingerprint, suite, suiteSha256, results, List.of());
    }
}
