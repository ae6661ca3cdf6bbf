package org.joulebench.reports.document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.charts.ChartNames;

/** The whole report as blocks, in reading order: what Markdown and HTML both render. */
final class ReportDocument {

    static final String CHARTS_DIR = "charts";

    private ReportDocument() {
    }

    /**
     * @param charts chart images relative to the report, e.g. {@code charts/j-per-token.png}
     */
    static List<Block> of(RunResult result, List<String> charts) {
        List<Block> blocks = new ArrayList<>(RunSection.head(result));
        Map<String, List<TaskModelResult>> tasks = byTask(org.joulebench.reports.ServingLevels.single(result.results()));
        SummarySection.of(summaryEntries(tasks)).ifPresent(blocks::add);
        blocks.addAll(RunSection.notes(result));
        blocks.add(RunSection.details(result));
        Map<String, String> slugs = ChartNames.slugs(List.copyOf(tasks.keySet()));
        List<String> placed = new ArrayList<>();
        tasks.forEach((task, rows) -> {
            List<Block.Figure> figures = taskFigures(charts, slugs.get(task));
            figures.forEach(f -> placed.add(f.path()));
            blocks.add(new Block.Section("task-" + slugs.get(task), TaskSection.of(task, rows, figures)));
        });
        blocks.addAll(ServingSection.of(org.joulebench.reports.ServingLevels.groups(result.results()), charts));
        List<String> others = charts.stream().filter(c -> !c.startsWith(ChartNames.DIR + "/serving-"))
                .filter(c -> !placed.contains(c)).toList();
        if (!others.isEmpty()) {
            blocks.add(new Block.Heading(2, "Across tasks"));
            blocks.add(new Block.Figures(others.stream().map(ReportDocument::figure).toList()));
        }
        blocks.add(new Block.Details(2, MethodsSection.TITLE, MethodsSection.of(result)));
        return List.copyOf(blocks);
    }

    /** The charts of the task with slug {@code slug}, in the order {@link ChartNames#ofTask} gives. */
    static List<Block.Figure> taskFigures(List<String> charts, String slug) {
        return ChartNames.ofTask(slug).stream().map(name -> CHARTS_DIR + "/" + name).filter(charts::contains)
                .map(ReportDocument::figure).toList();
    }

    static Block.Figure figure(String chart) {
        return new Block.Figure(chart, chart.substring(chart.lastIndexOf('/') + 1));
    }

    /** Each task's results as the summary names them: the model, with its engine where it ran on several. */
    private static Map<String, List<SummarySection.Entry>> summaryEntries(Map<String, List<TaskModelResult>> tasks) {
        Map<String, List<SummarySection.Entry>> entries = new LinkedHashMap<>();
        tasks.forEach((task, rows) -> {
            Map<String, Long> engines = rows.stream().collect(java.util.stream.Collectors.groupingBy(
                    r -> String.valueOf(r.model()), java.util.stream.Collectors.mapping(
                            r -> String.valueOf(r.backend()), java.util.stream.Collectors.collectingAndThen(
                                    java.util.stream.Collectors.toSet(), s -> (long) s.size()))));
            entries.put(task, rows.stream().map(r -> new SummarySection.Entry(
                    engines.get(String.valueOf(r.model())) > 1 ? r.model() + " (" + r.backend() + ")"
                            : String.valueOf(r.model()), String.valueOf(r.backend()), r)).toList());
        });
        return entries;
    }

    /** The PNG files under {@code dir/charts}, sorted, as paths relative to {@code dir}. */
    static List<String> chartsIn(Path dir) throws IOException {
        Path charts = dir.resolve(CHARTS_DIR);
        if (!Files.isDirectory(charts)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(charts)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".png") && Files.isRegularFile(f))
                    .map(f -> CHARTS_DIR + "/" + f.getFileName()).sorted().toList();
        }
    }

    /** Results grouped by task, tasks in order of first appearance. */
    static Map<String, List<TaskModelResult>> byTask(List<TaskModelResult> results) {
        Map<String, List<TaskModelResult>> byTask = new LinkedHashMap<>();
        results.forEach(r -> byTask.computeIfAbsent(String.valueOf(r.task()), t -> new ArrayList<>()).add(r));
        return byTask;
    }
}
