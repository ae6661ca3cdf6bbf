package org.joulebench.harness;

import java.time.Instant;
import java.util.Map;

/**
 * @param id       run id, also the default output folder's name
 * @param command  the command line that started the run
 * @param settings the effective settings (limit, repetitions, warm-up, idle seconds, threads, meter choice)
 */
public record RunInfo(String id, Instant start, Instant end, String version, long seed, String command,
                      SuiteInfo suite, Map<String, Object> settings) {

    /** The suite as run: its name, version and the sha256 over its file and datasets. */
    public record SuiteInfo(String name, String version, String sha256) {
    }
}
