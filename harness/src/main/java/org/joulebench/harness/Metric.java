package org.joulebench.harness;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a comparison of two runs can compare, each measured per item from the per-query records
 * (an item's repetitions folded into one value, see {@link Comparisons}).
 */
public enum Metric {
    /** Net joules per query: the mean of the item's net joules over its repetitions. */
    J_PER_QUERY("j_per_query", "J/query"),
    /** Net joules per input token: the item's net joules over its tokens, over its repetitions. */
    J_PER_TOKEN("j_per_token", "J/token"),
    /** Tokens per second: the item's tokens over its latency, over its repetitions. */
    TOKENS_PER_S("tokens_per_s", "tokens/s"),
    /** The task's primary metric for the item (accuracy@1, accuracy, bits per character), averaged over repetitions. */
    ACCURACY("accuracy", "accuracy");

    private final String id;
    private final String label;

    Metric(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The name on the command line and in reports, e.g. {@code j_per_query}. */
    public String id() {
        return id;
    }

    /** The unit or name people read, e.g. {@code J/query}. */
    public String label() {
        return label;
    }

    /** The metric named {@code id}. */
    public static Metric byId(String id) throws InputException {
        String want = id.strip().toLowerCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.id.equals(want)) {
                return m;
            }
        }
        throw new InputException("unknown metric '" + id + "'", "use one or more of " + ids());
    }

    /** Every metric's id, in order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Metric::id).toList();
    }
}
