package org.joulebench.harness.scorers;

import java.util.List;
import java.util.Map;

import org.joulebench.harness.GenerationTask;
import org.joulebench.harness.InputException;
import org.joulebench.harness.Item;
import org.joulebench.harness.Score;
import org.joulebench.harness.ScorerProvider;
import org.joulebench.harness.TaskSpec;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationRequest;

/**
 * Completion: the item's text is a prompt (the first half of a held-out verse), its label the true
 * continuation. The model continues greedily for a fixed {@value #NEW_TOKENS} tokens (end-of-sequence
 * ignored, so every engine does the same work). Primary metric {@code next-word exact match}: the
 * first word generated equals the continuation's first word; secondary {@code char-accuracy@32}:
 * the share of the continuation's first {@value #CHARS} characters generated at the same position.
 */
public final class VerseCompletionScorer implements ScorerProvider {

    /** Tokens generated per query. */
    static final int NEW_TOKENS = 32;
    /** Characters compared for character accuracy. */
    static final int CHARS = 32;

    @Override
    public String id() {
        return "verse-completion";
    }

    @Override
    public GenerationTask create(TaskSpec task) throws InputException {
        for (Item item : task.items()) {
            if (firstWord(item.label()).isEmpty()) {
                throw new InputException(task.dataset() + ": item '" + item.id() + "' has no word to complete",
                        "give every item a label that starts with a word");
            }
        }
        return new Task(task.items());
    }

    /** The first run of non-space characters, after any leading spaces. */
    static String firstWord(String text) {
        String t = text.stripLeading();
        int end = 0;
        while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
            end++;
        }
        return t.substring(0, end);
    }

    /** The share of {@code expected}'s first {@value #CHARS} characters that {@code actual} has at the same position. */
    static double charAccuracy(String expected, String actual) {
        int n = Math.min(CHARS, expected.length());
        if (n == 0) {
            return 0;
        }
        int same = 0;
        for (int i = 0; i < n; i++) {
            if (i < actual.length() && actual.charAt(i) == expected.charAt(i)) {
                same++;
            }
        }
        return (double) same / n;
    }

    private record Task(List<Item> queries) implements GenerationTask {

        @Override
        public Kind kind() {
            return Kind.GENERATE;
        }

        @Override
        public String metric() {
            return "next-word exact match";
        }

        @Override
        public List<String> otherMetrics() {
            return List.of("char-accuracy@32");
        }

        @Override
        public GenerationRequest request(Item item) {
            return new GenerationRequest(item.text(), NEW_TOKENS, true, GenerationRequest.Sampling.GREEDY);
        }

        @Override
        public Score score(Item item, Generation generation) {
            boolean hit = firstWord(generation.text()).equals(firstWord(item.label()));
            return Score.proportion(hit ? 1 : 0, Map.of("char-accuracy@32", charAccuracy(item.label(), generation.text())));
        }
    }
}
