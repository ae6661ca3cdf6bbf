package org.joulebench.harness;

import java.util.List;

/**
 * Two runs compared row by row.
 *
 * @param rows      one entry per task × model × backend present on both sides, per metric
 * @param unmatched rows present on one side only, in words; they are not compared
 * @param settings  how the comparison was made
 */
public record Comparison(List<RowComparison> rows, List<String> unmatched, ComparisonSettings settings) {

    public Comparison {
        rows = List.copyOf(rows);
        unmatched = List.copyOf(unmatched);
    }
}
