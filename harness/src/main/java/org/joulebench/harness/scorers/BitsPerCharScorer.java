package org.joulebench.harness.scorers;

import java.util.List;
import java.util.Map;

import org.joulebench.harness.GenerationTask;
import org.joulebench.harness.InputException;
import org.joulebench.harness.Item;
import org.joulebench.harness.Score;
import org.joulebench.harness.ScorerProvider;
import org.joulebench.harness.TaskSpec;

/**
 * Held-out bits per character by log-likelihood: the item's text is the context (the verse before),
 * its label the text scored (the verse). Primary metric {@code bits/char} (lower is better): the
 * model's −log2 p of the label's tokens divided by the label's characters, averaged over items.
 */
public final class BitsPerCharScorer implements ScorerProvider {

    @Override
    public String id() {
        return "bits-per-char";
    }

    @Override
    public GenerationTask create(TaskSpec task) throws InputException {
        for (Item item : task.items()) {
            if (item.label().isEmpty()) {
                throw new InputException(task.dataset() + ": item '" + item.id() + "' has an empty label",
                        "the label is the text scored: give it at least one character");
            }
        }
        return new Task(task.items());
    }

    private record Task(List<Item> queries) implements GenerationTask {

        @Override
        public Kind kind() {
            return Kind.LOG_LIKELIHOOD;
        }

        @Override
        public String metric() {
            return "bits/char";
        }

        @Override
        public List<String> otherMetrics() {
            return List.of();
        }

        @Override
        public boolean proportion() {
            return false;
        }

        @Override
        public boolean higherIsBetter() {
            return false;
        }

        @Override
        public String context(Item item) {
            return item.text();
        }

        @Override
        public String continuation(Item item) {
            return item.label();
        }

        @Override
        public Score score(Item item, double log2Likelihood) {
            return new Score(-log2Likelihood / item.label().length(), Map.of());
        }
    }
}
