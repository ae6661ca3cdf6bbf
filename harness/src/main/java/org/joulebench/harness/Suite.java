package org.joulebench.harness;

import java.util.List;

/**
 * A versioned set of tasks, loaded from a YAML or JSON file.
 *
 * @param origin where the suite was read from: a file path or {@code builtin:<name>}
 * @param sha256 over the suite file and every dataset, in task order: two runs with equal sums ran the same suite
 */
public record Suite(String name, String version, String description, String origin, String sha256,
                    List<TaskSpec> tasks) {

    public static final String SCHEMA = "joulebench/suite@1";

    public Suite {
        tasks = List.copyOf(tasks);
    }
}
