package org.joulebench.reports.charts;

import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.CrossRun;
import org.joulebench.reports.Figures;
import org.joulebench.reports.ServingLevels;

/**
 * A net energy figure of one task per model per run of a cross-run report: bars grouped by model (model and
 * engine where a model ran on several; and the concurrency level, {@code c=N}, of a serving row), a colour per run (the host dimension), whiskers from each interval's
 * own bounds. The legend names each run's method, so figures of different methods are seen side by side,
 * never added.
 */
final class HostEnergyChart {

    private HostEnergyChart() {
    }

    /**
     * @param rows   the results of one task, of every run
     * @param unit   the axis unit, e.g. {@code mJ/query}
     * @param factor what turns joules into the unit (1000 for mJ)
     */
    static JFreeChart create(List<CrossRun.Row> rows, String title, String unit, double factor,
                             Function<TaskModelResult, Stat> figure) {
        DefaultCategoryDataset means = new DefaultCategoryDataset();
        ErrorBarRenderer renderer = new ErrorBarRenderer();
        Map<String, String> seriesByRun = new LinkedHashMap<>();
        List<TaskModelResult> plotted = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, Set<String>> engines = new HashMap<>();
        rows.forEach(row -> engines.computeIfAbsent(String.valueOf(row.result().model()), k -> new HashSet<>())
                .add(String.valueOf(row.result().backend())));
        for (CrossRun.Row row : rows) {
            TaskModelResult r = row.result();
            String model = String.valueOf(r.model());
            String category = engines.get(model).size() > 1
                    ? model + " (" + r.backend() + (r.concurrency() == null ? "" : ", " + ServingLevels.level(r)) + ")"
                    : ServingLevels.named(model, r);
            String series = seriesByRun.computeIfAbsent(row.run().label() + "|" + Figures.methodLabel(r.energy()),
                    k -> row.run().label() + " (" + Figures.methodLabel(r.energy()) + ")");
            Stat s = figure.apply(r);
            if (s == null || !Double.isFinite(s.mean())) {
                missing.add(category + " @ " + row.run().label());
                continue;
            }
            means.addValue(s.mean() * factor, series, category);
            renderer.setInterval(series, category, s.lo() * factor, s.hi() * factor);
            plotted.add(r);
        }
        Map<String, Color> colours = Palette.of(List.copyOf(seriesByRun.values()));
        for (int i = 0; i < means.getRowCount(); i++) {
            renderer.setSeriesPaint(i, colours.get(String.valueOf(means.getRowKey(i))));
        }
        CategoryAxis models = new CategoryAxis("Model");
        models.setMaximumCategoryLabelLines(3);
        if (means.getColumnCount() > 8) {
            models.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        NumberAxis energy = Axes.number(Axes.energyLabel(unit, plotted));
        CategoryPlot plot = new CategoryPlot(means, models, energy, renderer);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle("A colour per run (host) with its method; whiskers: 95% confidence intervals"
                + " as each run computed them."));
        if (unit.contains("token") && rows.stream().anyMatch(r -> r.result().generation() != null)) {
            chart.addSubtitle(new TextTitle("Generation: per token processed (prompt and generated)."));
        }
        if (rows.stream().anyMatch(r -> r.result().concurrency() != null)) {
            chart.addSubtitle(new TextTitle("(c=N): the serving scenario at concurrency N, per "
                    + (unit.contains("token") ? "output token" : "response") + " over its steady state; not"
                    + " comparable with other levels or single-scenario bars."));
        }
        if (!missing.isEmpty()) {
            chart.addSubtitle(new TextTitle("Not plotted (no figure): " + String.join(", ", missing)));
        }
        return chart;
    }
}
