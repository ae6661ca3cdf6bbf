package org.joulebench.reports.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/**
 * One task: accuracy bought per kilojoule of net energy, a bar per model. Only for higher-is-better
 * metrics: accuracy per kJ has no meaning for bits/char (see {@link Figures#ACCURACY_PER_KJ_DEFINITION}).
 */
final class AccuracyPerJouleChart {

    private AccuracyPerJouleChart() {
    }

    /**
     * Whether the task has a result accuracy per kJ applies to (a higher-is-better accuracy), so that the
     * chart is worth drawing; a task of only bits/char or only random-weight models has none.
     */
    static boolean applies(List<TaskModelResult> results) {
        return results.stream().anyMatch(r -> r.accuracy() != null && Figures.higherIsBetter(r.accuracy()));
    }

    static JFreeChart create(String task, List<TaskModelResult> results) {
        return create(task, results, Map.of());
    }

    /** As {@link #create(String, List)}, each model's bar in its colour of {@code models} (by model id). */
    static JFreeChart create(String task, List<TaskModelResult> results, Map<String, java.awt.Color> colours) {
        List<String> labels = ModelLabels.of(results);
        Map<String, java.awt.Paint> paints = new java.util.HashMap<>();
        for (int i = 0; i < results.size(); i++) {
            java.awt.Color c = colours.get(String.valueOf(results.get(i).model()));
            if (c != null) {
                paints.put(labels.get(i), c);
            }
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> omitted = new ArrayList<>();
        List<String> noAccuracy = new ArrayList<>();
        List<String> lowerIsBetter = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            TaskModelResult r = results.get(i);
            OptionalDouble perKj = Figures.accuracyPerKilojoule(r);
            if (perKj.isPresent()) {
                data.addValue(perKj.getAsDouble(), "accuracy per kJ", labels.get(i));
            } else if (r.accuracy() == null) {
                noAccuracy.add(labels.get(i));
            } else if (!Figures.higherIsBetter(r.accuracy())) {
                lowerIsBetter.add(labels.get(i));
            } else {
                omitted.add(labels.get(i));
            }
        }
        BarRenderer renderer = new BarRenderer() {
            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                java.awt.Paint p = paints.get(String.valueOf(getPlot().getDataset().getColumnKey(column)));
                return p != null ? p : super.getItemPaint(row, column);
            }
        };
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
        if (!noAccuracy.isEmpty()) {
            chart.addSubtitle(new TextTitle("Not shown (accuracy not applicable, random weights): "
                    + String.join(", ", noAccuracy)));
        }
        if (!lowerIsBetter.isEmpty()) {
            chart.addSubtitle(new TextTitle("Not shown (lower-is-better metric): " + String.join(", ", lowerIsBetter)));
        }
        return chart;
    }
}
