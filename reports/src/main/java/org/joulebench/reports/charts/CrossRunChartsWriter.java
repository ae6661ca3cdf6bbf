package org.joulebench.reports.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.CrossRun;
import org.joulebench.reports.CrossRunWriter;

/**
 * The charts of a cross-run report under {@code charts/}: per task {@code j-per-query-by-host-<task>.png} and
 * {@code j-per-token-by-host-<task>.png} (net J per token processed); per task with an accuracy
 * {@code accuracy-vs-j-per-query-<task>.png}
 * (the single-run chart, a point per model @ run, with its Pareto frontier; single-scenario rows only, since the
 * frontier would rank serving levels as models); {@code energy-by-domain.png}
 * where a run carries a power trace; {@code j-per-token-vs-params.png} where models of two sizes or more
 * generated (the single-run scaling chart, a line per run · engine). Public only because
 * {@link java.util.ServiceLoader} needs it.
 */
public final class CrossRunChartsWriter implements CrossRunWriter {

    static final String DOMAINS = "energy-by-domain.png";

    @Override
    public String id() {
        return "charts";
    }

    @Override
    public List<Path> write(CrossRun runs, Path dir) throws IOException {
        Png.ensureHeadless();
        List<Path> written = new ArrayList<>();
        if (runs.rows().isEmpty()) {
            return written;
        }
        Path charts = Files.createDirectories(dir.resolve(ChartNames.DIR));
        Map<String, String> slugs = ChartNames.slugs(runs.tasks());
        for (String task : runs.tasks()) {
            String slug = slugs.get(task);
            if (runs.rows(task).size() < 2) {
                continue; // one point: nothing to compare
            }
            written.add(Png.save(HostEnergyChart.create(runs.rows(task), "Net energy per query, by host: " + task,
                    "mJ/query", 1000, r -> r.energy() == null ? null : r.energy().jPerQuery()),
                    charts.resolve(jPerQuery(slug))));
            written.add(Png.save(HostEnergyChart.create(runs.rows(task), "Net energy per token, by host: " + task,
                    "mJ/token", 1000, r -> r.energy() == null ? null : r.energy().jPerToken()),
                    charts.resolve(jPerToken(slug))));
            // The accuracy chart's Pareto frontier ranks its points: serving levels (one model under several loads,
            // J per response over a steady state) are left out of it, and the report says so.
            List<CrossRun.Row> single = runs.rows(task).stream().filter(r -> r.result().concurrency() == null).toList();
            List<TaskModelResult> rows = relabelled(single, false);
            if (rows.stream().allMatch(r -> r.accuracy() == null)) {
                continue;
            }
            List<String> runLabels = single.stream().map(r -> r.run().label()).toList();
            written.add(Png.save(AccuracyEnergyChart.create(task + " (across hosts)", rows, runLabels),
                    charts.resolve(ChartNames.accuracyVsEnergy(slug)), 1100, Png.HEIGHT + 80));
        }
        if (DomainEnergyChart.applies(runs)) {
            int bars = runs.rows().size();
            written.add(Png.save(DomainEnergyChart.create(runs), charts.resolve(DOMAINS), 1200,
                    Math.max(Png.HEIGHT, 160 + 28 * bars)));
        }
        List<TaskModelResult> scaling = relabelled(runs.rows(), true);
        if (ScalingChart.applies(scaling)) {
            written.add(Png.save(ScalingChart.create(scaling), charts.resolve(ChartNames.SCALING)));
        }
        return Png.withSvgs(written);
    }

    /** The file names of one task's charts, in the order a report shows them. */
    public static List<String> ofTask(String taskSlug) {
        return List.of(jPerQuery(taskSlug), jPerToken(taskSlug), ChartNames.accuracyVsEnergy(taskSlug));
    }

    static String jPerQuery(String taskSlug) {
        return "j-per-query-by-host-" + taskSlug + ".png";
    }

    static String jPerToken(String taskSlug) {
        return "j-per-token-by-host-" + taskSlug + ".png";
    }

    /**
     * The results with the run in their names, so the single-run charts draw a point per model and run:
     * {@code model @ run}, or for the scaling chart (a line per engine) the engine {@code run · engine}.
     */
    static List<TaskModelResult> relabelled(List<CrossRun.Row> rows, boolean engine) {
        return rows.stream().map(row -> {
            TaskModelResult r = row.result();
            String model = engine ? r.model() : r.model() + " @ " + row.run().label();
            String backend = engine ? row.run().label() + " · " + r.backend() : r.backend();
            return new TaskModelResult(r.task(), model, backend, r.device(), r.precision(), r.params(),
                    r.repetitions(), r.queries(), r.tokens(), r.accuracy(), r.energy(), r.throughput(), r.latency(),
                    r.generation(), r.concurrency(), r.serving());
        }).toList();
    }
}
