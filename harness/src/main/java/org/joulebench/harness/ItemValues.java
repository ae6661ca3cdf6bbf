package org.joulebench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row's per-query records folded into one value per item and metric. The item is the independent
 * unit: its repetitions re-measure the same input, so they are averaged rather than counted as more samples.
 * A query whose value cannot be formed (a joule figure that was not finite, no tokens, no latency) is left out.
 */
final class ItemValues {

    private ItemValues() {
    }

    /** Item → value, in the order the items first appear. */
    static Map<String, Double> of(List<QueryRecord> records, Metric metric) {
        return grouped(records, QueryRecord::item, metric);
    }

    /**
     * Block → value: the metric over each block's queries ({@code repetition/block}, {@link QueryRecord#block()}),
     * in the order the blocks first appear.
     */
    static Map<String, Double> byBlock(List<QueryRecord> records, Metric metric) {
        return grouped(records, q -> q.repetition() + "/" + q.block(), metric);
    }

    private static Map<String, Double> grouped(List<QueryRecord> records,
                                               java.util.function.Function<QueryRecord, String> key, Metric metric) {
        Map<String, List<QueryRecord>> groups = new LinkedHashMap<>();
        for (QueryRecord q : records) {
            groups.computeIfAbsent(key.apply(q), k -> new ArrayList<>()).add(q);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (var e : groups.entrySet()) {
            double v = value(e.getValue(), metric);
            if (Double.isFinite(v)) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private static double value(List<QueryRecord> reps, Metric metric) {
        double sum = 0;
        double weight = 0;
        int n = 0;
        for (QueryRecord q : reps) {
            switch (metric) {
                case J_PER_QUERY -> {
                    if (Double.isFinite(q.joulesNet())) {
                        sum += q.joulesNet();
                        weight += 1;
                    }
                }
                case J_PER_TOKEN -> {
                    if (Double.isFinite(q.joulesNet()) && q.tokens() > 0) {
                        sum += q.joulesNet();
                        weight += q.tokens();
                    }
                }
                case TOKENS_PER_S -> {
                    if (q.latencyMs() > 0 && q.tokens() > 0) {
                        sum += q.tokens();
                        weight += q.latencyMs() / 1000;
                    }
                }
                case ACCURACY -> {
                    if (Double.isFinite(q.score())) {
                        sum += q.score();
                        weight += 1;
                    }
                }
            }
            n++;
        }
        return n == 0 || weight == 0 ? Double.NaN : sum / weight;
    }
}
