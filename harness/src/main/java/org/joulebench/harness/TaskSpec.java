package org.joulebench.harness;

import java.util.List;

/**
 * A task of a suite: a dataset and the scorer that turns model outputs into accuracy.
 *
 * @param dataset where the items came from (for messages and provenance)
 */
public record TaskSpec(String id, String description, String scorer, String dataset, List<Item> items) {

    public TaskSpec {
        items = List.copyOf(items);
    }
}
