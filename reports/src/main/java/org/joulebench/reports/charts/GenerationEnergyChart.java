package org.joulebench.reports.charts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;

/**
 * Net energy per generated token (the decode window's energy over the tokens generated), bars grouped
 * by model with a colour per engine, each with its 95% confidence interval: the same model on two
 * engines is an engine comparison. Where several tasks generated, a group is a model on one task
 * (tasks are not averaged).
 */
final class GenerationEnergyChart {

    private GenerationEnergyChart() {
    }

    /** The results with a J per generated token to show. */
    static List<TaskModelResult> generating(List<TaskModelResult> results) {
        return results.stream().filter(r -> r.generation() != null && r.generation().jPerGeneratedToken() != null
                && Double.isFinite(r.generation().jPerGeneratedToken().mean())).toList();
    }

    static JFreeChart create(List<TaskModelResult> all) {
        List<TaskModelResult> results = generating(all);
        Set<String> tasks = new LinkedHashSet<>();
        results.forEach(r -> tasks.add(String.valueOf(r.task())));
        DefaultCategoryDataset means = new DefaultCategoryDataset();
        ErrorBarRenderer renderer = new ErrorBarRenderer();
        List<String> engines = new ArrayList<>();
        for (TaskModelResult r : results) {
            Stat j = r.generation().jPerGeneratedToken();
            String engine = String.valueOf(r.backend());
            String group = tasks.size() > 1 ? r.model() + " · " + r.task() : String.valueOf(r.model());
            means.addValue(j.mean(), engine, group);
            renderer.setInterval(engine, group, j.lo(), j.hi());
            engines.add(engine);
        }
        Map<String, java.awt.Color> colours = Palette.of(engines);
        for (int i = 0; i < means.getRowCount(); i++) {
            renderer.setSeriesPaint(i, colours.get(String.valueOf(means.getRowKey(i))));
        }
        CategoryAxis models = new CategoryAxis(tasks.size() > 1 ? "Model · task" : "Model");
        models.setMaximumCategoryLabelLines(3);
        NumberAxis energy = Axes.number(Axes.energyLabel("J/generated token", results));
        CategoryPlot plot = new CategoryPlot(means, models, energy, renderer);
        JFreeChart chart = new JFreeChart("Net energy per generated token, by engine", JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        chart.addSubtitle(new TextTitle("Bars: a colour per engine (the same model on two engines compares the"
                + " engines); whiskers: 95% confidence intervals. Decode window's net energy / generated tokens."));
        return chart;
    }
}
