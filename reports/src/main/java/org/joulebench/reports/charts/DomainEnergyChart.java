package org.joulebench.reports.charts;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.CrossRun;
import org.joulebench.reports.DomainEnergy;
import org.joulebench.reports.Figures;
import org.joulebench.reports.ServingLevels;

/**
 * Gross energy per query by domain (CPU package, DRAM, GPU) as horizontal stacked bars, a bar per model, task and run,
 * from each run's power trace ({@link DomainEnergy}). A bar stacks only series of its result's own method.
 */
final class DomainEnergyChart {

    private static final Map<String, Color> COLOURS = Map.of("CPU_PACKAGE", new Color(0x1f77b4),
            "DRAM", new Color(0x2ca02c), "GPU", new Color(0xd62728));

    private DomainEnergyChart() {
    }

    /** Whether some result of some run has energy by domain. */
    static boolean applies(CrossRun runs) {
        return runs.rows().stream().anyMatch(r -> !DomainEnergy.perQuery(r.run().result(), r.result()).isEmpty());
    }

    static JFreeChart create(CrossRun runs) {
        boolean severalTasks = runs.tasks().size() > 1;
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<TaskModelResult> plotted = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (CrossRun.Row row : runs.rows()) {
            TaskModelResult r = row.result();
            String category = ServingLevels.named(String.valueOf(r.model()), r) + (severalTasks ? " · " + r.task() : "")
                    + " @ " + row.run().label();
            Map<String, Double> domains = DomainEnergy.perQuery(row.run().result(), r);
            if (domains.isEmpty()) {
                missing.add(category);
                continue;
            }
            plotted.add(r);
            for (String domain : DomainEnergy.DOMAINS) {
                if (domains.containsKey(domain)) {
                    data.addValue(domains.get(domain) * 1000, domain, category);
                }
            }
        }
        StackedBarRenderer renderer = new StackedBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesPaint(i, COLOURS.get(String.valueOf(data.getRowKey(i))));
        }
        CategoryAxis categories = new CategoryAxis(severalTasks ? "Model · task @ run" : "Model @ run");
        categories.setMaximumCategoryLabelWidthRatio(0.45f);
        NumberAxis energy = Axes.number("mJ/query (gross, idle included, " + Figures.methodLabel(plotted) + ")");
        CategoryPlot plot = new CategoryPlot(data, categories, energy, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        JFreeChart chart = new JFreeChart("Energy per query by domain", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle("From each run's power trace over the measured passes; a domain a run did"
                + " not measure has no segment (not zero)."));
        if (!missing.isEmpty()) {
            chart.addSubtitle(new TextTitle("No power trace or no pass in it: " + String.join(", ", missing)));
        }
        return chart;
    }
}
