package org.joulebench.cli;

import java.util.ArrayList;
import java.util.List;

import org.joulebench.harness.InputException;
import org.joulebench.harness.Item;
import org.joulebench.harness.Suite;
import org.joulebench.harness.Suites;
import org.joulebench.harness.TaskSpec;
import org.joulebench.runners.BackendException;

/**
 * The prompt of {@code bench-engines --prompt-tokens N}: the held-out King James verses of the built-in generation
 * suite, in the suite's order, cut at the last whole word at which the model's tokenizer still counts at most
 * {@code N} tokens. The same text for every engine and every run, so prefill figures compare like with like.
 */
final class BenchPrompt {

    /** Where the text comes from, for the JSON. */
    static final String SOURCE = "KJV held-out verses of the built-in 'generation' suite (kjv-bits-per-char)";

    private static final String SUITE = "generation";
    private static final String TASK = "kjv-bits-per-char";

    /** Counts the tokens of a text as an engine does. */
    interface Tokenizer {
        int count(String text) throws BackendException;
    }

    private BenchPrompt() {
    }

    /** The longest whole-word beginning of the verses that {@code tokenizer} counts as at most {@code tokens}. */
    static String of(int tokens, Tokenizer tokenizer) throws InputException, BackendException {
        List<String> words = words(tokens);
        // Token counts grow with the words taken; find the most words that still fit.
        int lo = 1;
        int hi = words.size();
        if (tokenizer.count(join(words, 1)) > tokens) {
            return join(words, 1); // one word over the count: the prompt is that word, its count reported as it is
        }
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (tokenizer.count(join(words, mid)) <= tokens) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return join(words, lo);
    }

    /** Words (each with the whitespace before it) of enough verses for {@code tokens} tokens on any tokenizer. */
    static List<String> words(int tokens) throws InputException {
        Suite suite = Suites.load(SUITE);
        TaskSpec task = suite.tasks().stream().filter(t -> t.id().equals(TASK)).findFirst()
                .orElseThrow(() -> new InputException("the built-in suite '" + SUITE + "' has no task " + TASK,
                        "rebuild joulebench"));
        // A word is a token or more on every tokenizer, so as many words as tokens are always enough.
        List<String> words = new ArrayList<>();
        for (Item item : task.items()) {
            String text = item.text() + item.label();
            for (String w : text.split("(?=\\s+\\S)")) {
                words.add(w);
                if (words.size() > tokens + 1) {
                    return words;
                }
            }
        }
        return words;
    }

    private static String join(List<String> words, int n) {
        return String.join("", words.subList(0, n)).strip();
    }
}
