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
        List<Block> blocks = new ArrayList<>(RunSection.of(result));
        byTask(org.joulebench.reports.ServingLevels.single(result.results()))
                .forEach((task, rows) -> blocks.addAll(TaskSection.of(task, rows)));
        blocks.addAll(ServingSection.of(org.joulebench.reports.ServingLevels.groups(result.results()), charts));
        List<String> others = charts.stream().filter(c -> !c.startsWith(ChartNames.DIR + "/serving-")).toList();
        if (!others.isEmpty()) {
            blocks.add(new Block.Heading(2, "Charts"));
            others.forEach(c -> blocks.add(new Block.Figure(c, c.substring(c.lastIndexOf('/') + 1))));
        }
        blocks.addAll(MethodsSection.of(result));
        return List.copyOf(blocks);
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
