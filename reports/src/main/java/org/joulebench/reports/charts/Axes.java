package org.joulebench.reports.charts;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.Figures;

/**
 * Value axes whose tick labels read the same in every locale (a decimal point, no grouping), and
 * energy axes labelled with their unit and the method of the figures on them.
 */
final class Axes {

    /** Above this ratio of largest to smallest value, a log scale shows small and large models better. */
    private static final double LOG_SCALE_RATIO = 50;

    private Axes() {
    }

    /** {@code "J/query (net, ESTIMATE ±50%)"}. */
    static String energyLabel(String unit, List<TaskModelResult> results) {
        return unit + " (net, " + Figures.methodLabel(results) + ")";
    }

    static NumberAxis number(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setNumberFormatOverride(rootFormat());
        return axis;
    }

    /** A log axis when every value is above zero and they span more than {@value #LOG_SCALE_RATIO}×. */
    static ValueAxis energy(String label, double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (min > 0 && max / min > LOG_SCALE_RATIO) {
            LogAxis log = new LogAxis(label + ", log scale");
            log.setSmallestValue(min / 10);
            log.setNumberFormatOverride(rootFormat());
            return log;
        }
        NumberAxis linear = number(label);
        linear.setAutoRangeIncludesZero(false);
        return linear;
    }

    private static DecimalFormat rootFormat() {
        DecimalFormat format = new DecimalFormat("0.##########", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setGroupingUsed(false);
        return format;
    }
}
