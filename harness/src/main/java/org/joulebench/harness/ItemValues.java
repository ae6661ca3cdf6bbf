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
            double v = metric.perItem(e.getValue());
            if (Double.isFinite(v)) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }
}
