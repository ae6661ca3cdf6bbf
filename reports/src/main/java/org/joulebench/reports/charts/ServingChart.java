package org.joulebench.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.ServingLevels;

/**
 * The serving scenario's time–energy chart for one task × model × engine: net J per output token against TPOT p50,
 * one point per concurrency level labelled with it, and the Pareto frontier across the levels as a line.
 */
final class ServingChart {

    private ServingChart() {
    }

    /** Whether the levels have a point to draw (a TPOT needs responses of two tokens or more). */
    static boolean applies(List<TaskModelResult> levels) {
        return levels.stream().anyMatch(r -> ServingLevels.tpot(r).isPresent());
    }

    static JFreeChart create(String title, List<TaskModelResult> levels) {
        XYSeries points = new XYSeries("Concurrency levels", false, true);
        List<String> labels = new java.util.ArrayList<>();
        for (TaskModelResult r : levels) {
            if (ServingLevels.tpot(r).isPresent()) {
                points.add(ServingLevels.tpot(r).get().doubleValue(), ServingLevels.energy(r));
                labels.add("c=" + r.concurrency());
            }
        }
        XYSeries frontier = new XYSeries("Pareto frontier", false, true);
        ServingLevels.frontier(levels).forEach(r -> frontier.add(ServingLevels.tpot(r).get().doubleValue(),
                ServingLevels.energy(r)));
        XYPlot plot = new XYPlot();
        NumberAxis time = Axes.number("TPOT p50, ms");
        time.setAutoRangeIncludesZero(false);
        NumberAxis energy = Axes.number(Axes.energyLabel("J/output token, net", levels));
        energy.setAutoRangeIncludesZero(false);
        plot.setDomainAxis(time);
        plot.setRangeAxis(energy);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setSeriesPaint(0, new Color(0x1f77b4));
        dots.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        dots.setDefaultItemLabelGenerator((data, series, item) -> labels.get(item));
        dots.setDefaultItemLabelsVisible(true);
        dots.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        plot.setDataset(0, new XYSeriesCollection(points));
        plot.setRenderer(0, dots);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
        line.setSeriesPaint(0, new Color(0xd62728));
        line.setSeriesStroke(0, new BasicStroke(1.5f));
        line.setSeriesShape(0, new Rectangle2D.Double(-5, -5, 10, 10));
        line.setSeriesShapesFilled(0, false);
        plot.setDataset(1, new XYSeriesCollection(frontier));
        plot.setRenderer(1, line);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        JFreeChart chart = new JFreeChart("J/output token vs TPOT: " + title, JFreeChart.DEFAULT_TITLE_FONT, plot,
                true);
        chart.addSubtitle(new TextTitle("Steady-state window of each concurrency level (c=N streams); red: Pareto"
                + " frontier across the levels (no level has both lower J/token and lower TPOT)."));
        return chart;
    }
}
