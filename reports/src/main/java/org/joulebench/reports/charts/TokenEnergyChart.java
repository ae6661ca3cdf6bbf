package org.joulebench.reports.charts;

import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;

/**
 * Net energy per input token (for generation, per token processed: prompt and generated), a bar per model, a bar colour per task (figures of different
 * tasks are not averaged), each with its 95% confidence interval. In millijoules, so that small
 * models do not show as zeros.
 */
final class TokenEnergyChart {

    private TokenEnergyChart() {
    }

    static JFreeChart create(List<TaskModelResult> results) {
        List<String> labels = ModelLabels.of(results);
        DefaultCategoryDataset means = new DefaultCategoryDataset();
        ErrorBarRenderer renderer = new ErrorBarRenderer();
        for (int i = 0; i < results.size(); i++) {
            TaskModelResult r = results.get(i);
            Stat j = r.energy() == null ? null : r.energy().jPerToken();
            if (j == null || !Double.isFinite(j.mean())) {
                continue;
            }
            String task = String.valueOf(r.task());
            means.addValue(j.mean() * 1000, task, labels.get(i));
            renderer.setInterval(task, labels.get(i), j.lo() * 1000, j.hi() * 1000);
        }
        CategoryAxis models = new CategoryAxis("Model");
        models.setMaximumCategoryLabelLines(3);
        NumberAxis energy = Axes.number(Axes.energyLabel("mJ/token", results));
        CategoryPlot plot = new CategoryPlot(means, models, energy, renderer);
        JFreeChart chart = new JFreeChart("Net energy per input token", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle("Bars: mean per task; whiskers: 95% confidence intervals."));
        if (results.stream().anyMatch(r -> r.generation() != null)) {
            chart.addSubtitle(new TextTitle("Generation tasks: per token processed (prompt and generated);"
                    + " j-per-generated-token.png shows decode alone."));
        }
        return chart;
    }
}
