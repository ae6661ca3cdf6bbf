package org.joulebench.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.Figures;

/**
 * One task: its metric against net energy (per query, or per generated token for generation tasks), a
 * labelled point per model with its 95% intervals, and the Pareto frontier as a step line through its
 * points. The frontier follows the metric's direction: lowest energy for at least that accuracy, or
 * for a value at least that low where lower is better (bits/char). Results without accuracy (random
 * weights) are left out and named in a subtitle.
 */
final class AccuracyEnergyChart {

    private static final Color POINTS = new Color(0x1f77b4);
    private static final Color FRONTIER = new Color(0xd62728);

    private AccuracyEnergyChart() {
    }

    /** {@code accuracy-vs-j-per-query-<task>.png}: the metric against net J per query. */
    static JFreeChart create(String task, List<TaskModelResult> results) {
        return create(task, results, Map.of());
    }

    /** As {@link #create(String, List)}, each model's point in its colour of {@code models} (by model id). */
    static JFreeChart create(String task, List<TaskModelResult> results, Map<String, Color> models) {
        return create(task, results, "J/query", "net energy per query",
                r -> r.energy() == null ? null : r.energy().jPerQuery(), "no finite energy or accuracy", null,
                byModel(results, models));
    }

    /** A point's colour by its label, from its model's colour; null (one colour) where no model has one. */
    private static Function<String, Color> byModel(List<TaskModelResult> results, Map<String, Color> models) {
        if (models.isEmpty()) {
            return null;
        }
        List<String> labels = ModelLabels.of(results);
        Map<String, Color> byLabel = new HashMap<>();
        for (int i = 0; i < results.size(); i++) {
            byLabel.put(labels.get(i), models.get(String.valueOf(results.get(i).model())));
        }
        return byLabel::get;
    }

    /**
     * As {@link #create(String, List)}, each point coloured by its group (the run of a cross-run report) with
     * a legend of the groups; {@code groups} runs parallel to {@code results}.
     */
    static JFreeChart create(String task, List<TaskModelResult> results, List<String> groups) {
        Map<String, Color> colours = Palette.of(groups.stream().distinct().toList());
        List<String> labels = ModelLabels.of(results);
        Map<String, Color> byLabel = new HashMap<>();
        for (int i = 0; i < results.size(); i++) {
            byLabel.put(labels.get(i), colours.get(groups.get(i)));
        }
        JFreeChart chart = create(task, results, "J/query", "net energy per query",
                r -> r.energy() == null ? null : r.energy().jPerQuery(), "no finite energy or accuracy", null,
                byLabel::get);
        LegendItemCollection items = new LegendItemCollection();
        colours.forEach((group, colour) -> items.add(new LegendItem(group, null, null, null,
                new Ellipse2D.Double(-4, -4, 8, 8), colour)));
        LegendTitle legend = new LegendTitle(() -> items);
        legend.setPosition(RectangleEdge.BOTTOM);
        chart.addLegend(legend);
        return chart;
    }

    /**
     * {@code accuracy-vs-j-per-token-<task>.png}: the metric against net J per generated token where the
     * task's results carry generation figures; else (a task scored by log-likelihood, which generates
     * nothing) against net J per token scored.
     */
    static JFreeChart perToken(String task, List<TaskModelResult> results) {
        return perToken(task, results, Map.of());
    }

    static JFreeChart perToken(String task, List<TaskModelResult> results, Map<String, Color> models) {
        if (results.stream().anyMatch(r -> r.generation() != null)) {
            return create(task, results, "J/generated token", "net energy per generated token",
                    r -> r.generation() == null ? null : r.generation().jPerGeneratedToken(),
                    "no generated tokens, or no finite energy or accuracy", null, byModel(results, models));
        }
        return create(task, results, "J/token", "net energy per token",
                r -> r.energy() == null ? null : r.energy().jPerToken(), "no finite energy or accuracy",
                "Scored by log-likelihood, nothing generated: net J per token of context and continuation.",
                byModel(results, models));
    }

    /** Which way the plotted metric improves: true higher, false lower, null where the results disagree. */
    static Boolean direction(List<TaskModelResult> results) {
        Set<Boolean> directions = new LinkedHashSet<>();
        results.stream().filter(r -> r.accuracy() != null)
                .forEach(r -> directions.add(Figures.higherIsBetter(r.accuracy())));
        return directions.size() > 1 ? null : directions.isEmpty() || directions.contains(Boolean.TRUE);
    }

    /**
     * @param colour a point's colour by its label, or null for one colour
     */
    private static JFreeChart create(String task, List<TaskModelResult> results, String unit, String per,
                                     Function<TaskModelResult, Stat> energy, String omittedWhy, String note,
                                     Function<String, Color> colour) {
        List<String> labels = ModelLabels.of(results);
        XYIntervalSeries models = new XYIntervalSeries("models", false, true);
        List<String> plotted = new ArrayList<>();
        List<ParetoFrontier.Point> points = new ArrayList<>();
        List<String> omitted = new ArrayList<>();
        List<String> noAccuracy = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            TaskModelResult r = results.get(i);
            if (r.accuracy() == null) {
                noAccuracy.add(labels.get(i));
                continue;
            }
            Stat j = energy.apply(r);
            double accuracy = r.accuracy().value();
            if (j == null || !Double.isFinite(j.mean()) || !Double.isFinite(accuracy)) {
                omitted.add(labels.get(i));
                continue;
            }
            List<Double> aci = r.accuracy().ci95();
            boolean hasAci = aci != null && aci.size() == 2 && aci.get(0) != null && aci.get(1) != null;
            models.add(j.mean(), finiteOr(j.lo(), j.mean()), finiteOr(j.hi(), j.mean()), accuracy,
                    hasAci ? finiteOr(aci.get(0), accuracy) : accuracy, hasAci ? finiteOr(aci.get(1), accuracy) : accuracy);
            plotted.add(labels.get(i));
            points.add(new ParetoFrontier.Point(labels.get(i), j.mean(), accuracy));
        }
        XYIntervalSeriesCollection modelData = new XYIntervalSeriesCollection();
        modelData.addSeries(models);

        Boolean higher = direction(results);
        String metric = metricName(results);
        String frontierMeaning = higher == null ? null : higher
                ? "lowest energy for at least that accuracy"
                : "lowest energy for a " + metric + " at least that low";
        XYSeries frontier = new XYSeries("Pareto frontier", false, true);
        if (higher != null) {
            ParetoFrontier.of(points, higher).forEach(p -> frontier.add(p.energy(), p.accuracy()));
        }

        XYPlot plot = new XYPlot();
        ValueAxis x = Axes.energy(Axes.energyLabel(unit, results), xValues(models));
        plot.setDomainAxis(x);
        plot.setRangeAxis(accuracyAxis(results, higher));
        plot.setDataset(0, modelData);
        double[] means = new double[models.getItemCount()];
        for (int i = 0; i < means.length; i++) {
            means[i] = models.getX(i).doubleValue();
        }
        plot.setRenderer(0, modelRenderer(plotted, Axes.nearRightEdge(means, x instanceof LogAxis), colour));
        XYSeriesCollection frontierData = new XYSeriesCollection(frontier);
        plot.setDataset(1, frontierData);
        plot.setRenderer(1, frontierLine());
        plot.setDataset(2, frontierData);
        plot.setRenderer(2, frontierMarks());
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        String what = higher == null ? "Metric" : higher ? "Accuracy" : metric;
        JFreeChart chart = new JFreeChart(what + " vs " + per + ": " + task, JFreeChart.DEFAULT_TITLE_FONT,
                plot, false);
        chart.addSubtitle(new TextTitle(frontierMeaning == null
                ? "No Pareto frontier: the metrics of this task disagree on whether higher is better."
                + " Bars: 95% confidence intervals."
                : "Red steps and squares: Pareto frontier (" + frontierMeaning + ")."
                + " Bars: 95% confidence intervals."));
        if (note != null) {
            chart.addSubtitle(new TextTitle(note));
        }
        if (!noAccuracy.isEmpty()) {
            chart.addSubtitle(new TextTitle("Not plotted (accuracy not applicable, random weights): "
                    + String.join(", ", noAccuracy)));
        }
        if (!omitted.isEmpty()) {
            chart.addSubtitle(new TextTitle("Not plotted (" + omittedWhy + "): " + String.join(", ", omitted)));
        }
        return chart;
    }

    /** The metrics of the results that have one, joined with {@code " / "}; {@code accuracy} where none has. */
    private static String metricName(List<TaskModelResult> results) {
        Set<String> metrics = new LinkedHashSet<>();
        results.stream().filter(r -> r.accuracy() != null).forEach(r -> metrics.add(String.valueOf(r.accuracy().metric())));
        return metrics.isEmpty() ? "accuracy" : String.join(" / ", metrics);
    }

    private static double[] xValues(XYIntervalSeries series) {
        double[] xs = new double[series.getItemCount() * 3];
        for (int i = 0; i < series.getItemCount(); i++) {
            xs[3 * i] = series.getX(i).doubleValue();
            xs[3 * i + 1] = series.getXLowValue(i);
            xs[3 * i + 2] = series.getXHighValue(i);
        }
        return xs;
    }

    /**
     * {@code Accuracy (accuracy@1)} where higher is better, {@code bits/char (lower is better)} where lower
     * is, and the metrics with their directions where the results disagree.
     */
    private static ValueAxis accuracyAxis(List<TaskModelResult> results, Boolean higher) {
        String metric = metricName(results);
        String label = higher == null ? "Metric value (" + metric + "; directions differ)"
                : higher ? "Accuracy (" + metric + ")" : metric + " (lower is better)";
        NumberAxis axis = Axes.number(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setUpperMargin(0.12);
        axis.setLowerMargin(0.08);
        return axis;
    }

    /**
     * A point's label: above it and to its right; for a point near the right edge, below it and to its left, so
     * that the label stays in the chart and clears the label of a neighbour at the same height.
     */
    static final ItemLabelPosition LABEL_RIGHT = new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_LEFT);
    static final ItemLabelPosition LABEL_LEFT = new ItemLabelPosition(ItemLabelAnchor.OUTSIDE6, TextAnchor.TOP_RIGHT);

    private static XYErrorRenderer modelRenderer(List<String> labels, boolean[] left, Function<String, Color> colour) {
        XYErrorRenderer renderer = new XYErrorRenderer() {
            @Override
            public ItemLabelPosition getPositiveItemLabelPosition(int series, int item) {
                return item < left.length && left[item] ? LABEL_LEFT : LABEL_RIGHT;
            }

            @Override
            public java.awt.Paint getItemPaint(int series, int item) {
                Color c = colour == null || item >= labels.size() ? null : colour.apply(labels.get(item));
                return c == null ? super.getItemPaint(series, item) : c;
            }
        };
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        renderer.setSeriesPaint(0, POINTS);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        renderer.setErrorPaint(new Color(0x7f7f7f));
        renderer.setCapLength(6);
        renderer.setDefaultItemLabelGenerator(new Labels(labels));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return renderer;
    }

    private static XYStepRenderer frontierLine() {
        XYStepRenderer renderer = new XYStepRenderer();
        renderer.setSeriesPaint(0, FRONTIER);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        return renderer;
    }

    /** A hollow square around each frontier point ({@link XYStepRenderer} draws no shapes). */
    private static XYLineAndShapeRenderer frontierMarks() {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(0, FRONTIER);
        renderer.setSeriesShape(0, new Rectangle2D.Double(-8, -8, 16, 16));
        renderer.setSeriesShapesFilled(0, false);
        renderer.setSeriesOutlineStroke(0, new BasicStroke(2f));
        renderer.setDrawOutlines(true);
        renderer.setUseOutlinePaint(false);
        return renderer;
    }

    private static double finiteOr(Double value, double fallback) {
        return value != null && Double.isFinite(value) ? value : fallback;
    }

    /** Labels each point with its model. */
    private static final class Labels implements XYItemLabelGenerator {
        private final List<String> labels;

        Labels(List<String> labels) {
            this.labels = List.copyOf(labels);
        }

        @Override
        public String generateLabel(XYDataset dataset, int series, int item) {
            return item < labels.size() ? labels.get(item) : null;
        }
    }
}
