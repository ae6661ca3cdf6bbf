package org.joulebench.reports.document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.harness.TaskModelResult.EnergyResult;
import org.joulebench.reports.Figures;

/**
 * One task: a table of accuracy, energy and speed per model, and a table of how each was measured.
 * The energy method goes in the column headers when the whole task shares it, else next to each figure.
 */
final class TaskSection {

    private TaskSection() {
    }

    static List<Block> of(String task, List<TaskModelResult> rows) {
        Labels labels = new Labels(rows);
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(2, "Task: " + task));
        blocks.add(new Block.Table(List.of(
                Block.Column.text("Model"), Block.Column.text("Backend"), Block.Column.text("Device"),
                Block.Column.text("Precision"), Block.Column.number("Params"), Block.Column.text("Metric"),
                Block.Column.number("Accuracy"),
                Block.Column.number(labels.header("J/query net")),
                Block.Column.number(labels.header("mJ/token net")),
                Block.Column.number("Tokens/s"),
                Block.Column.number("Latency p50, ms"), Block.Column.number("Latency p95, ms"),
                Block.Column.number(labels.header("Accuracy per kJ"))),
                rows.stream().map(r -> figures(r, labels)).toList()));
        blocks.add(new Block.Table(List.of(
                Block.Column.text("Model"), Block.Column.text("Backend"), Block.Column.number("Repetitions"),
                Block.Column.number("Queries"), Block.Column.number("Tokens"), Block.Column.text("Window"),
                Block.Column.number(labels.header("Gross J")), Block.Column.number(labels.header("Net J")),
                Block.Column.number(labels.header("Setup J, gross")), Block.Column.number("Queries/s"),
                Block.Column.text("Boundary"), Block.Column.text("Other metrics")),
                rows.stream().map(r -> measurement(r, labels)).toList()));
        return blocks;
    }

    private static List<String> figures(TaskModelResult r, Labels labels) {
        EnergyResult e = r.energy();
        return Arrays.asList(r.model(), r.backend(), r.device(), r.precision(), Numbers.params(r.params()),
                r.accuracy() == null ? Numbers.NA : r.accuracy().metric(),
                r.accuracy() == null ? Numbers.NA : Numbers.accuracy(r.accuracy().value(), r.accuracy().ci95()),
                labels.cell(e, e == null ? Numbers.NA : Numbers.withCi(e.jPerQuery())),
                labels.cell(e, e == null || e.jPerToken() == null ? Numbers.NA : Numbers.withCi(
                        e.jPerToken().mean(), e.jPerToken().lo(), e.jPerToken().hi(), 1000)),
                r.throughput() == null ? Numbers.NA : Numbers.withCi(r.throughput().tokensPerS()),
                r.latency() == null ? Numbers.NA : Numbers.sig(r.latency().p50Ms()),
                r.latency() == null ? Numbers.NA : Numbers.sig(r.latency().p95Ms()),
                labels.cell(e, Figures.accuracyPerKilojoule(r).stream().mapToObj(Numbers::sig).findFirst()
                        .orElse(Numbers.NA)));
    }

    private static List<String> measurement(TaskModelResult r, Labels labels) {
        EnergyResult e = r.energy();
        return Arrays.asList(r.model(), r.backend(), Integer.toString(r.repetitions()),
                Integer.toString(r.queries()), Long.toString(r.tokens()), e == null ? Numbers.NA : e.window(),
                labels.cell(e, e == null ? Numbers.NA : Numbers.sig(e.joulesGross())),
                labels.cell(e, e == null ? Numbers.NA : Numbers.sig(e.joulesNet())),
                labels.cell(e, e == null ? Numbers.NA : Numbers.sig(e.setupJoulesGross())),
                r.throughput() == null ? Numbers.NA : Numbers.sig(r.throughput().queriesPerS()),
                e == null ? Numbers.NA : e.boundary(), otherMetrics(r));
    }

    private static String otherMetrics(TaskModelResult r) {
        Map<String, Stat> other = r.accuracy() == null ? null : r.accuracy().other();
        if (other == null || other.isEmpty()) {
            return "";
        }
        return other.entrySet().stream()
                .map(m -> m.getKey() + " " + (m.getValue() == null ? Numbers.NA
                        : Numbers.accuracy(m.getValue().mean(), m.getValue().ci95())))
                .collect(Collectors.joining("; "));
    }

    /** Where a task's energy figures carry their method: in the headers if shared, else in each cell. */
    private static final class Labels {
        private final boolean shared;
        private final String label;

        Labels(List<TaskModelResult> rows) {
            this.label = Figures.methodLabel(rows);
            this.shared = rows.stream().map(r -> Figures.methodLabel(r.energy())).distinct().count() <= 1;
        }

        String header(String figure) {
            return figure + " (" + (shared ? label : "method in cell") + ")";
        }

        String cell(EnergyResult e, String figure) {
            return shared ? figure : figure + " (" + Figures.methodLabel(e) + ")";
        }
    }
}
