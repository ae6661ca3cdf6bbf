package org.joulebench.reports.document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.harness.TaskModelResult.Attribution;
import org.joulebench.harness.TaskModelResult.EnergyResult;
import org.joulebench.reports.Figures;

/**
 * One task: a table of accuracy, energy and speed per model, a table of how each was measured, a note
 * where energy windows were not one per query, and the energy ATTRIBUTED to this process by CPU-time
 * share where the results carry it. The energy method goes in the column headers when the whole task
 * shares it, else next to each figure.
 */
final class TaskSection {

    /** The window of energy measured per query, as the harness names it. */
    static final String WINDOW_QUERY = "query";
    /** Marks a per-query figure whose window is not one per query; the note under the tables explains it. */
    static final String WINDOW_MARK = "†";

    private TaskSection() {
    }

    /** Whether {@code e}'s window is something other than one window per query. */
    static boolean otherWindow(EnergyResult e) {
        return e != null && e.window() != null && !WINDOW_QUERY.equals(e.window());
    }

    /** Whether some of {@code e}'s per-query joules are time shares of a pass window. */
    static boolean apportioned(EnergyResult e) {
        return e != null && e.window() != null && e.window().contains("apportioned");
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
        windowNote(rows).ifPresent(blocks::add);
        attributed(rows, labels, blocks);
        return blocks;
    }

    /** Which results' windows were not one per query, and what that means for the per-query figures. */
    private static Optional<Block> windowNote(List<TaskModelResult> rows) {
        List<TaskModelResult> other = rows.stream().filter(r -> otherWindow(r.energy())).toList();
        if (other.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder note = new StringBuilder(WINDOW_MARK + " Energy window other than one per query: ")
                .append(other.stream().map(r -> r.model() + " (" + r.backend() + "): " + r.energy().window())
                        .collect(Collectors.joining("; "))).append('.');
        if (other.stream().anyMatch(r -> apportioned(r.energy()))) {
            note.append(" Where a query took less than the meter's update period, its own window could not be"
                    + " measured, so the whole pass (one model's queries in one repetition) was measured and its"
                    + " energy apportioned to the pass's queries by their duration. J/query and mJ/token remain"
                    + " measured pass energy divided by queries, but a single query's energy (the rows of"
                    + " queries.csv with energy = apportioned) is a time share of its pass window, not a"
                    + " measurement of that query.");
        }
        if (other.stream().anyMatch(r -> !apportioned(r.energy()))) {
            note.append(" A window other than query wraps several queries; J/query is that window's energy"
                    + " divided by its queries.");
        }
        return Optional.of(new Block.Note(note.toString()));
    }

    /** This process's CPU-time share of each result's energy, where the harness could compute it. */
    private static void attributed(List<TaskModelResult> rows, Labels labels, List<Block> blocks) {
        if (rows.stream().noneMatch(r -> r.energy() != null && r.energy().attribution() != null)) {
            return;
        }
        blocks.add(new Block.Heading(3, "Attributed to this process"));
        blocks.add(new Block.Paragraph("ATTRIBUTED, not measured: the measured energy above times this process's"
                + " share of the whole machine's CPU time over the measured passes (CPU-time share). Section"
                + " \"How these figures were obtained\" explains it."));
        blocks.add(new Block.Table(List.of(
                Block.Column.text("Model"), Block.Column.text("Backend"),
                Block.Column.number("CPU-time share, %"),
                Block.Column.number(labels.attributedHeader("Attributed net J/query")),
                Block.Column.number(labels.attributedHeader("Attributed net J")),
                Block.Column.number(labels.attributedHeader("Attributed gross J"))),
                rows.stream().map(r -> attribution(r, labels)).toList()));
    }

    private static List<String> attribution(TaskModelResult r, Labels labels) {
        EnergyResult e = r.energy();
        Attribution a = e == null ? null : e.attribution();
        if (a == null) {
            return Arrays.asList(r.model(), r.backend(), "not computed", Numbers.NA, Numbers.NA, Numbers.NA);
        }
        return Arrays.asList(r.model(), r.backend(), Numbers.sig(a.share() * 100),
                labels.attributedCell(e, r.queries() > 0 ? Numbers.sig(a.joulesNet() / r.queries()) : Numbers.NA),
                labels.attributedCell(e, Numbers.sig(a.joulesNet())),
                labels.attributedCell(e, Numbers.sig(a.joulesGross())));
    }

    private static List<String> figures(TaskModelResult r, Labels labels) {
        EnergyResult e = r.energy();
        return Arrays.asList(r.model(), r.backend(), r.device(), r.precision(), Numbers.params(r.params()),
                r.accuracy() == null ? Numbers.NA : r.accuracy().metric(),
                r.accuracy() == null ? Numbers.NA : Numbers.accuracy(r.accuracy().value(), r.accuracy().ci95()),
                labels.cell(e, mark(e, e == null ? Numbers.NA : Numbers.withCi(e.jPerQuery()))),
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
                Integer.toString(r.queries()), Long.toString(r.tokens()),
                e == null ? Numbers.NA : mark(e, String.valueOf(e.window())),
                labels.cell(e, e == null ? Numbers.NA : Numbers.sig(e.joulesGross())),
                labels.cell(e, e == null ? Numbers.NA : Numbers.sig(e.joulesNet())),
                labels.cell(e, e == null ? Numbers.NA : Numbers.sig(e.setupJoulesGross())),
                r.throughput() == null ? Numbers.NA : Numbers.sig(r.throughput().queriesPerS()),
                e == null ? Numbers.NA : e.boundary(), otherMetrics(r));
    }

    /** {@code figure†} where {@code e}'s window is not one per query. */
    private static String mark(EnergyResult e, String figure) {
        return otherWindow(e) ? figure + " " + WINDOW_MARK : figure;
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

        /** {@code Attributed net J (ATTRIBUTED: CPU-time share × COUNTER)}. */
        String attributedHeader(String figure) {
            return figure + " (ATTRIBUTED: CPU-time share × " + (shared ? label : "method in cell") + ")";
        }

        String attributedCell(EnergyResult e, String figure) {
            return shared ? figure : figure + " (ATTRIBUTED × " + Figures.methodLabel(e) + ")";
        }
    }
}
