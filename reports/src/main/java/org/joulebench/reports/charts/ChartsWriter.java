package org.joulebench.reports.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.Figures;
import org.joulebench.reports.ReportWriter;

/**
 * PNG charts under {@code charts/}: per task {@code accuracy-vs-j-per-query-<task>.png} and
 * {@code accuracy-per-joule-<task>.png} (where some result has an accuracy; the latter only for
 * higher-is-better metrics), per generation task {@code accuracy-vs-j-per-token-<task>.png}; one
 * {@code j-per-token.png}; where results carry generation figures {@code j-per-generated-token.png}, and
 * {@code j-per-token-vs-params.png} where models of two sizes or more generated; and
 * {@code power-timeline.png} where the run carries a power trace with points. Runs headless. Public only
 * because {@link java.util.ServiceLoader} needs it.
 */
public final class ChartsWriter implements ReportWriter {

    @Override
    public String id() {
        return "charts";
    }

    @Override
    public List<Path> write(RunResult result, Path dir) throws IOException {
        Png.ensureHeadless();
        List<Path> written = new ArrayList<>();
        boolean timeline = PowerTimelineChart.hasPoints(result.powerTrace());
        if (result.results().isEmpty() && !timeline) {
            return written;
        }
        Path charts = Files.createDirectories(dir.resolve(ChartNames.DIR));
        if (!result.results().isEmpty()) {
            resultCharts(result, charts, written);
        }
        if (timeline) {
            written.add(Png.save(PowerTimelineChart.create(result), charts.resolve(ChartNames.POWER_TIMELINE),
                    PowerTimelineChart.WIDTH, PowerTimelineChart.HEIGHT));
        }
        return Png.withSvgs(written);
    }

    private static void resultCharts(RunResult result, Path charts, List<Path> written) throws IOException {
        for (List<TaskModelResult> levels : org.joulebench.reports.ServingLevels.groups(result.results()).values()) {
            TaskModelResult first = levels.get(0);
            if (ServingChart.applies(levels)) {
                written.add(Png.save(ServingChart.create(first.task() + " · " + first.model() + " · " + first.backend(),
                        levels), charts.resolve(ChartNames.serving(first.task(), first.model(), first.backend()))));
            }
        }
        List<TaskModelResult> single = org.joulebench.reports.ServingLevels.single(result.results());
        if (single.isEmpty()) {
            return;
        }
        singleCharts(single, Palette.ofModels(result.results()), charts, written);
    }

    /** Charts that say something: a chart of one task with fewer than two points is not drawn. */
    private static void singleCharts(List<TaskModelResult> results, Map<String, java.awt.Color> colours, Path charts,
            List<Path> written) throws IOException {
        Map<String, List<TaskModelResult>> byTask = new LinkedHashMap<>();
        results.forEach(r -> byTask.computeIfAbsent(String.valueOf(r.task()), t -> new ArrayList<>()).add(r));
        Map<String, String> slugs = ChartNames.slugs(List.copyOf(byTask.keySet()));
        for (Map.Entry<String, List<TaskModelResult>> task : byTask.entrySet()) {
            String slug = slugs.get(task.getKey());
            List<TaskModelResult> rows = task.getValue();
            if (rows.stream().allMatch(r -> r.accuracy() == null) || rows.size() < 2) {
                continue; // random weights only, or one point: nothing to compare
            }
            written.add(Png.save(AccuracyEnergyChart.create(task.getKey(), rows, colours),
                    charts.resolve(ChartNames.accuracyVsEnergy(slug))));
            if (AccuracyPerJouleChart.applies(rows)) {
                written.add(Png.save(AccuracyPerJouleChart.create(task.getKey(), rows, colours),
                        charts.resolve(ChartNames.accuracyPerJoule(slug))));
            }
            if (generationTask(rows)) {
                written.add(Png.save(AccuracyEnergyChart.perToken(task.getKey(), rows, colours),
                        charts.resolve(ChartNames.accuracyVsTokenEnergy(slug))));
            }
        }
        if (results.size() >= 2) {
            written.add(Png.save(TokenEnergyChart.create(results), charts.resolve(ChartNames.TOKEN_ENERGY)));
        }
        if (GenerationEnergyChart.generating(results).size() >= 2) {
            written.add(Png.save(GenerationEnergyChart.create(results),
                    charts.resolve(ChartNames.GENERATED_TOKEN_ENERGY)));
        }
        if (ScalingChart.applies(results)) {
            written.add(Png.save(ScalingChart.create(results), charts.resolve(ChartNames.SCALING)));
        }
    }

    /**
     * A task of generative models: one with generation figures, or one whose metric is lower-is-better
     * (bits/char), which generative models score by log-likelihood without generating.
     */
    static boolean generationTask(List<TaskModelResult> rows) {
        return rows.stream().anyMatch(r -> r.generation() != null
                || r.accuracy() != null && !Figures.higherIsBetter(r.accuracy()));
    }
}
