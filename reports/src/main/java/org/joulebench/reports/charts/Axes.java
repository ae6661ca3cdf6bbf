package org.joulebench.reports.charts;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
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
            return decades(label + ", log scale", values, rootFormat());
        }
        NumberAxis linear = number(label);
        linear.setAutoRangeIncludesZero(false);
        return linear;
    }

    /**
     * A log axis from the power of ten at or below the smallest of {@code values} to the one above the
     * largest, ticked at each power of ten: so at least two round ticks, whatever the span.
     */
    static LogAxis decades(String label, double[] values, NumberFormat format) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double v : values) {
            if (v > 0 && Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!(max > 0)) {
            min = 1;
            max = 10;
        }
        double lo = Math.floor(Math.log10(min));
        double hi = Math.max(lo + 1, Math.floor(Math.log10(max)) + 1);
        LogAxis axis = new LogAxis(label);
        axis.setNumberFormatOverride(format);
        axis.setSmallestValue(Math.pow(10, lo - 1));
        // A hair beyond the powers of ten, so that rounding cannot drop the ticks at both ends.
        axis.setRange(Math.pow(10, lo) * (1 - 1e-9), Math.pow(10, hi) * (1 + 1e-9));
        axis.setTickUnit(new NumberTickUnit(1));
        return axis;
    }

    /**
     * For each of {@code xs}, whether it lies in the right third of their span (on a log scale where
     * {@code log}), so that its label goes to the left of the point and stays inside the chart.
     */
    static boolean[] nearRightEdge(double[] xs, boolean log) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : xs) {
            double v = log ? Math.log10(x) : x;
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        boolean[] right = new boolean[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double v = log ? Math.log10(xs[i]) : xs[i];
            right[i] = max > min && Double.isFinite(v) && (v - min) / (max - min) > 2.0 / 3;
        }
        return right;
    }

    /** A decimal point, no grouping, up to ten decimals: the same in every locale. */
    static DecimalFormat rootFormat() {
        DecimalFormat format = new DecimalFormat("0.##########", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setGroupingUsed(false);
        return format;
    }
}
