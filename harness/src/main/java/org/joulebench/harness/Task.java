package org.joulebench.harness;

import java.util.List;

/** A task ready to run on one model: an {@link EmbeddingTask} or a {@link GenerationTask}. */
public interface Task {

    /** Name of the primary metric, e.g. {@code accuracy@1}, {@code bits/char}. */
    String metric();

    /** Names of the secondary metrics {@link Score#other()} carries. */
    List<String> otherMetrics();

    /** The measured queries. */
    List<Item> queries();

    /** Whether the primary metric is a proportion in [0, 1] (its interval is then a Wilson interval). */
    default boolean proportion() {
        return true;
    }

    /** Whether a larger primary metric is better (accuracy) or worse (bits per character). */
    default boolean higherIsBetter() {
        return true;
    }
}
