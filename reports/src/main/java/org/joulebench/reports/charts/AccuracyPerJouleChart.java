package org.joulebench.reports.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.Figures;

/** One task: accuracy bought per kilojoule of net energy, a bar per model. */
final class AccuracyPerJouleChart {

    private AccuracyPerJouleChart() {
    }

    static JFreeChart create(String task, List<TaskModelResult> results) {
        List<String> labels = ModelLabels.of(results);
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> omitted = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            OptionalDouble perKj = Figures.accuracyPerKilojoule(results.get(i));
            if (perKj.isPresent()) {
                data.addValue(perKj.getAsDouble(), "accuracy per kJ", labels.get(i));
            } else {
                omitted.add(labels.get(i));
            }
        }
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        CategoryAxis models = new CategoryAxis("Model");
        models.setMaximumCategoryLabelLines(3);
        NumberAxis value = Axes.number("Accuracy per kJ (net, " + Figures.methodLabel(results) + ")");
        CategoryPlot plot = new CategoryPlot(data, models, value, renderer);
        JFreeChart chart = new JFreeChart("Accuracy per kJ of net energy: " + task, JFreeChart.DEFAULT_TITLE_FONT,
                plot, false);
        chart.addSubtitle(new TextTitle("accuracy × 1000 / net J per query; higher is better"));
        if (!omitted.isEmpty()) {
            chart.addSubtitle(new TextTitle("Not shown (net J/query not above zero): " + String.join(", ", omitted)));
        }
        return chart;
    }
}
