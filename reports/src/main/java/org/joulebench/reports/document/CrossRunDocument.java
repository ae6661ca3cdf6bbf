package org.joulebench.reports.document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.joulebench.harness.MeterInfo;
import org.joulebench.harness.ModelInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.reports.CrossRun;
import org.joulebench.reports.Figures;
import org.joulebench.reports.ReportedRun;

/**
 * The cross-run report as blocks, in reading order: the runs, what to know before comparing them, a table
 * per task with the host as a dimension, energy by domain, the charts, how the figures were made (ratings,
 * carbon) and what it takes to reproduce each run.
 */
final class CrossRunDocument {

    private CrossRunDocument() {
    }

    static List<Block> of(CrossRun runs, List<String> charts) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(1, "Joulebench cross-run report"));
        long hosts = runs.runs().stream().map(ReportedRun::fingerprint).distinct().count();
        blocks.add(new Block.Paragraph(runs.runs().size() + " runs from " + hosts + (hosts == 1 ? " host" : " hosts")
                + " (by host fingerprint), " + runs.rows().size() + " results over " + runs.tasks().size()
                + (runs.tasks().size() == 1 ? " task" : " tasks") + ". Each run is named by its host; where several"
                + " runs share a host name, by host name and number (#1, #2, … in the order given)."));
        SummarySection.of(summaryEntries(runs)).ifPresent(blocks::add);
        List<String> warnings = warnings(runs);
        if (!warnings.isEmpty()) {
            blocks.add(new Block.Warnings(warnings));
        }
        blocks.add(new Block.Heading(2, "Runs"));
        blocks.add(runsTable(runs));
        if (!runs.notShown().isEmpty()) {
            blocks.add(new Block.Heading(2, "Not shown"));
            blocks.add(new Block.Warnings(runs.notShown()));
        }
        Map<String, String> slugs = org.joulebench.reports.charts.ChartNames.slugs(runs.tasks());
        List<String> placed = new ArrayList<>();
        for (String task : runs.tasks()) {
            List<Block.Figure> figures = org.joulebench.reports.charts.CrossRunChartsWriter.ofTask(slugs.get(task))
                    .stream().map(name -> ReportDocument.CHARTS_DIR + "/" + name).filter(charts::contains)
                    .map(ReportDocument::figure).toList();
            figures.forEach(f -> placed.add(f.path()));
            List<Block> section = new ArrayList<>(CrossRunTasks.of(task, runs));
            if (!figures.isEmpty()) {
                section.add(new Block.Figures(figures));
            }
            blocks.add(new Block.Section("task-" + slugs.get(task), section));
        }
        List<String> others = charts.stream().filter(c -> !placed.contains(c)).toList();
        blocks.add(new Block.Heading(2, "Across tasks"));
        if (charts.isEmpty()) {
            blocks.add(new Block.Paragraph("No charts were written."));
        }
        if (!others.isEmpty()) {
            blocks.add(new Block.Figures(others.stream().map(ReportDocument::figure).toList()));
        }
        if (!charts.isEmpty() && charts.stream().noneMatch(c -> c.endsWith("/j-per-token-vs-params.png"))) {
            blocks.add(new Block.Paragraph("No J/token against parameter count chart: it needs models of at least two"
                    + " sizes that generated tokens (synthetic or trained generative models), and these runs have none."));
        }
        List<String> servingOnly = runs.tasks().stream()
                .filter(t -> runs.rows(t).stream().allMatch(r -> r.result().concurrency() != null)).toList();
        List<String> unrated = runs.tasks().stream().filter(t -> !servingOnly.contains(t))
                .filter(t -> runs.rows(t).stream().filter(r -> r.result().concurrency() == null)
                        .allMatch(r -> r.result().accuracy() == null)).toList();
        if (runs.rows().stream().anyMatch(r -> r.result().concurrency() != null)) {
            blocks.add(new Block.Paragraph("Serving-scenario levels (c=N) are in the by-host charts, labelled with"
                    + " their level, and left out of the accuracy against energy charts, whose Pareto frontier would"
                    + " rank one model's loads as different models"
                    + (servingOnly.isEmpty() ? "." : "; so " + String.join(", ", servingOnly)
                    + " (serving levels only) has no such chart.")));
        }
        if (!unrated.isEmpty()) {
            blocks.add(new Block.Paragraph("No accuracy against energy chart for " + String.join(", ", unrated)
                    + ": no result of it has an accuracy (random weights)."));
        }
        blocks.addAll(CrossRunTasks.domains(runs));
        blocks.add(new Block.Details(2, CrossRunMethods.TITLE, CrossRunMethods.of(runs)));
        blocks.add(new Block.Details(2, CrossRunReproducibility.TITLE, CrossRunReproducibility.of(runs)));
        return List.copyOf(blocks);
    }

    /** Each task's single-scenario rows as the summary names them: model (engine where several) · run. */
    private static Map<String, List<SummarySection.Entry>> summaryEntries(CrossRun runs) {
        Map<String, List<SummarySection.Entry>> entries = new LinkedHashMap<>();
        for (String task : runs.tasks()) {
            List<CrossRun.Row> rows = runs.rows(task).stream().filter(r -> r.result().concurrency() == null).toList();
            Map<String, Set<String>> engines = new LinkedHashMap<>();
            rows.forEach(r -> engines.computeIfAbsent(String.valueOf(r.result().model()), k -> new LinkedHashSet<>())
                    .add(String.valueOf(r.result().backend())));
            entries.put(task, rows.stream().map(r -> new SummarySection.Entry(r.result().model()
                    + (engines.get(String.valueOf(r.result().model())).size() > 1 ? " (" + r.result().backend() + ")" : "")
                    + " · " + r.run().label(), r.run().label() + " · " + r.result().backend(), r.result())).toList());
        }
        return entries;
    }

    private static Block runsTable(CrossRun runs) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportedRun run : runs.runs()) {
            RunResult r = run.result();
            rows.add(List.of(run.label(), r.host() == null ? "unknown" : String.valueOf(r.host().hostname()),
                    run.fingerprint(), r.run() == null ? "unknown" : String.valueOf(r.run().id()),
                    r.run() == null || r.run().start() == null ? "unknown" : r.run().start().toString(),
                    r.run() == null ? "unknown" : String.valueOf(r.run().version()),
                    r.run() == null || r.run().suite() == null ? "unknown"
                            : r.run().suite().name() + " " + r.run().suite().version(),
                    usedMeters(r), Integer.toString(r.results().size())));
        }
        return new Block.Table(List.of(Block.Column.text("Run"), Block.Column.text("Host"),
                Block.Column.text("Host fingerprint"), Block.Column.text("Run id"), Block.Column.text("Started"),
                Block.Column.text("Joulebench version"), Block.Column.text("Suite"),
                Block.Column.text("Meter used (method)"), Block.Column.number("Results")), rows);
    }

    private static String usedMeters(RunResult r) {
        List<String> used = r.meters().stream().filter(m -> "used".equals(m.status()))
                .map(m -> m.id() + " (" + m.method() + ")").toList();
        return used.isEmpty() ? "none listed" : String.join(", ", used);
    }

    /** What a reader must know before comparing: different methods, suites, or model files under one id. */
    static List<String> warnings(CrossRun runs) {
        List<String> warnings = new ArrayList<>();
        Set<String> methods = new LinkedHashSet<>();
        runs.rows().forEach(r -> methods.add(Figures.methodLabel(r.result().energy())));
        if (methods.size() > 1) {
            warnings.add("The runs measured energy by different methods (" + String.join(", ", methods)
                    + "): their figures are shown side by side, each with its method, and never added or rated"
                    + " against each other.");
        }
        Map<String, Set<String>> suites = new LinkedHashMap<>();
        for (ReportedRun run : runs.runs()) {
            var info = run.result().run();
            if (info != null && info.suite() != null) {
                suites.computeIfAbsent(info.suite().name(), k -> new LinkedHashSet<>())
                        .add(Objects.toString(info.suite().sha256()));
            }
        }
        suites.forEach((name, sums) -> {
            if (sums.size() > 1) {
                warnings.add("Suite " + name + " has different checksums in these runs (" + String.join(", ", sums)
                        + "): its file or datasets changed, so its tasks may not be comparable across runs.");
            }
        });
        Map<String, Set<String>> models = new LinkedHashMap<>();
        for (ReportedRun run : runs.runs()) {
            for (ModelInfo m : run.result().models()) {
                models.computeIfAbsent(m.id(), k -> new LinkedHashSet<>()).add(String.valueOf(m.sha256()));
            }
        }
        models.forEach((id, sums) -> {
            if (sums.size() > 1) {
                warnings.add("Model " + id + " was a different file in different runs (sha256 "
                        + String.join(", ", sums) + "): its figures compare different bytes.");
            }
        });
        for (ReportedRun run : runs.runs()) {
            run.result().warnings().forEach(w -> warnings.add(run.label() + ": " + w));
            if (run.result().meters().stream().map(MeterInfo::status).noneMatch("used"::equals)) {
                warnings.add(run.label() + ": the run lists no meter as used.");
            }
        }
        return warnings;
    }
}
