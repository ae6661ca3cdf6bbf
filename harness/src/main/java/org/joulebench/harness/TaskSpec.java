package org.joulebench.harness;

import java.util.List;

/**
 * A task of a suite: a dataset and the scorer that turns model outputs into accuracy.
 *
 * @param dataset where the items came from (for messages and provenance)
 * @param limit   the suite's own cap on measured queries (spread evenly over the dataset, as {@code --limit}
 *                takes them); 0 for all. A run's {@code --limit} lowers it further, never raises it.
 * @param serving the task's own serving-scenario settings ({@code serving:} in the suite), or null; used in a
 *                {@code --scenario server} run, where the command line's settings win over them
 */
public record TaskSpec(String id, String description, String scorer, String dataset, List<Item> items, int limit,
                       ServingPlan serving) {

    /** A task without serving settings of its own. */
    public TaskSpec(String id, String description, String scorer, String dataset, List<Item> items, int limit) {
        this(id, description, scorer, dataset, items, limit, null);
    }

    public TaskSpec {
        items = List.copyOf(items);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0 = all), was " + limit);
        }
    }

    /** A task that measures all its queries. */
    public TaskSpec(String id, String description, String scorer, String dataset, List<Item> items) {
        this(id, description, scorer, dataset, items, 0);
    }

    /** The cap on measured queries when a run asks for at most {@code runLimit} (0 = no cap from the run). */
    public int limitFor(int runLimit) {
        if (limit == 0) {
            return runLimit;
        }
        return runLimit == 0 ? limit : Math.min(limit, runLimit);
    }
}
