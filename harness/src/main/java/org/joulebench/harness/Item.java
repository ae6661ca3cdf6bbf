package org.joulebench.harness;

import java.util.Objects;

/**
 * One line of a task's dataset.
 *
 * @param id    stable id within the dataset
 * @param text  the input text
 * @param label the expected answer
 * @param split {@code train}, {@code test}, or null where the task has no split
 */
public record Item(String id, String text, String label, String split) {

    public Item {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
    }
}
