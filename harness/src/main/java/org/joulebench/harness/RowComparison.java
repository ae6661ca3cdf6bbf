package org.joulebench.harness;

import java.util.List;

/**
 * One task × model × backend and one metric, baseline against current.
 *
 * @param design         {@code paired} (both sides ran the same items: each item is compared with itself) or
 *                       {@code unpaired} (the item sets differ: two independent samples)
 * @param test           the test that gave {@link #pValue}: {@code Wilcoxon signed-rank} or {@code Mann-Whitney U}
 * @param baselineItems  how many items (the independent unit) the baseline side rests on
 * @param currentItems   the same for the current side
 * @param baseline       the baseline's mean over items
 * @param current        the current side's mean over items
 * @param ratio          current / baseline; NaN where the baseline mean is not positive
 * @param ratioCi95      the bootstrap 95% interval of the ratio (NaN bounds where a resample had no ratio)
 * @param difference     current − baseline
 * @param differenceCi95 the bootstrap 95% interval of the difference
 * @param pValue         two-sided p-value of the test
 * @param mdeRelative    the smallest relative change the data could have detected (80 % power at the test's
 *                       level), e.g. 0.04 for 4 %; NaN where the ratio is not defined
 * @param mdeAbsolute    the same as an absolute difference, in the metric's unit
 * @param higherIsBetter for {@link Metric#ACCURACY}, whether the task's metric is better when higher (false for
 *                       bits per character); null for the other metrics, whose direction is fixed
 * @param note           what a reader should know about this row (items only on one side), or null
 */
public record RowComparison(String task, String model, String backend, Metric metric, String design, String test,
                            int baselineItems, int currentItems, double baseline, double current, double ratio,
                            List<Double> ratioCi95, double difference, List<Double> differenceCi95, double pValue,
                            double mdeRelative, double mdeAbsolute, Boolean higherIsBetter, String note) {

    public RowComparison {
        ratioCi95 = List.copyOf(ratioCi95);
        differenceCi95 = List.copyOf(differenceCi95);
    }

    /** {@code task × model × backend}, the row's name. */
    public String row() {
        return task + " × " + model + " × " + backend;
    }
}
