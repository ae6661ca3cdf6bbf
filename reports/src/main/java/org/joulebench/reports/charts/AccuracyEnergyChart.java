package org.joulebench.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jfree.chart.JFreeChart;
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
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;

/**
 * One task: accuracy against net energy per query, a labelled point per model with its 95%
 * intervals, and the Pareto frontier as a step line through its points.
 */
final class AccuracyEnergyChart {

    private static final Color POINTS = new Color(0x1f77b4);
    private static final Color FRONTIER = new Color(0xd62728);

    private AccuracyEnergyChart() {
    }

    static JFreeChart create(String task, List<TaskModelResult> results) {
        List<String> labels = ModelLabels.of(results);
        XYIntervalSeries models = new XYIntervalSeries("models", false, true);
        List<String> plotted = new ArrayList<>();
        List<ParetoFrontier.Point> points = new ArrayList<>();
        List<String> omitted = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            TaskModelResult r = results.get(i);
            Stat j = r.energy() == null ? null : r.energy().jPerQuery();
            double accuracy = r.accuracy() == null ? Double.NaN : r.accuracy().value();
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

        XYSeries frontier = new XYSeries("Pareto frontier (lowest energy for at least that accuracy)", false, true);
        ParetoFrontier.of(points).forEach(p -> frontier.add(p.energy(), p.accuracy()));

        XYPlot plot = new XYPlot();
        plot.setDomainAxis(Axes.energy(Axes.energyLabel("J/query", results), xValues(models)));
        plot.setRangeAxis(accuracyAxis(results));
        plot.setDataset(0, modelData);
        plot.setRenderer(0, modelRenderer(plotted));
        XYSeriesCollection frontierData = new XYSeriesCollection(frontier);
        plot.setDataset(1, frontierData);
        plot.setRenderer(1, frontierLine());
        plot.setDataset(2, frontierData);
        plot.setRenderer(2, frontierMarks());
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        JFreeChart chart = new JFreeChart("Accuracy vs net energy per query: " + task, JFreeChart.DEFAULT_TITLE_FONT,
                plot, false);
        chart.addSubtitle(new TextTitle("Red steps and squares: Pareto frontier (lowest energy for at least that accuracy)."
                + " Bars: 95% confidence intervals."));
        if (!omitted.isEmpty()) {
            chart.addSubtitle(new TextTitle("Not plotted (no finite energy or accuracy): " + String.join(", ", omitted)));
        }
        return chart;
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

    private static ValueAxis accuracyAxis(List<TaskModelResult> results) {
        Set<String> metrics = new LinkedHashSet<>();
        results.forEach(r -> metrics.add(r.accuracy() == null ? "accuracy" : String.valueOf(r.accuracy().metric())));
        NumberAxis axis = Axes.number("Accuracy (" + String.join(" / ", metrics) + ")");
        axis.setAutoRangeIncludesZero(false);
        axis.setUpperMargin(0.12);
        axis.setLowerMargin(0.08);
        return axis;
    }

    private static XYErrorRenderer modelRenderer(List<String> labels) {
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        renderer.setSeriesPaint(0, POINTS);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        renderer.setErrorPaint(new Color(0x7f7f7f));
        renderer.setCapLength(6);
        renderer.setDefaultItemLabelGenerator(new Labels(labels));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
                TextAnchor.BOTTOM_LEFT));
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
