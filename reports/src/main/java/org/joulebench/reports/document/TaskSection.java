package org.joulebench.reports.document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.harness.TaskModelResult.Accuracy;
import org.joulebench.harness.TaskModelResult.Attribution;
import org.joulebench.harness.TaskModelResult.EnergyResult;
import org.joulebench.harness.TaskModelResult.GenerationStats;
import org.joulebench.reports.Figures;

/**
 * One task: a table of accuracy, energy and speed per model, a table of how each was measured, for
 * results that generated a table of prefill and decode figures per model and engine, a note
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
        return of(task, rows, List.of());
    }

    /**
     * @param figures the task's charts, shown right under its tables
     */
    static List<Block> of(String task, List<TaskModelResult> rows, List<Block.Figure> figures) {
        Labels labels = new Labels(rows);
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(2, "Task: " + task));
        Optional<String> boundary = shared(rows, r -> r.energy() == null ? null : r.energy().boundary());
        Optional<String> window = shared(rows, r -> r.energy() == null ? null : r.energy().window());
        blocks.add(new Block.Paragraph("Energy method: " + (labels.shared ? labels.label : "per figure")
                + ". Boundary: " + boundary.orElse("per row, in the second table") + ". Energy window: "
                + window.map(w -> WINDOW_QUERY.equals(w) ? "one per query" : w).orElse("per row, in the second table")
                + "."));
        blocks.add(new Block.Table(List.of(
                Block.Column.text("Model"), Block.Column.text("Engine"), Block.Column.number("Params"),
                Block.Column.number(metricHeader(rows) + " [95% CI]"),
                Block.Column.number(labels.header("J/query net")),
                Block.Column.number(labels.header("mJ/token net")),
                Block.Column.number("Tokens/s"),
                Block.Column.number("Latency p50 / p95, ms"),
                Block.Column.number(labels.header("Accuracy per kJ"))),
                rows.stream().map(r -> figures(r, labels)).toList()));
        List<Block.Column> how = new ArrayList<>(List.of(
                Block.Column.text("Model"), Block.Column.text("Engine"), Block.Column.text("Device"),
                Block.Column.text("Precision"), Block.Column.number("Repetitions"),
                Block.Column.number("Queries"), Block.Column.number("Tokens")));
        if (window.isEmpty()) {
            how.add(Block.Column.text("Window"));
        }
        how.addAll(List.of(Block.Column.number(labels.header("Gross J")), Block.Column.number(labels.header("Net J")),
                Block.Column.number(labels.header("Setup J, gross")), Block.Column.number("Queries/s")));
        if (boundary.isEmpty()) {
            how.add(Block.Column.text("Boundary"));
        }
        how.add(Block.Column.text("Other metrics"));
        blocks.add(new Block.Table(how, rows.stream()
                .map(r -> measurement(r, labels, window.isEmpty(), boundary.isEmpty())).toList()));
        if (!figures.isEmpty()) {
            blocks.add(new Block.Figures(figures));
        }
        generation(rows, blocks);
        domains(rows, blocks);
        windowNote(rows).ifPresent(blocks::add);
        attributed(rows, labels, blocks);
        return blocks;
    }

    /** The value every row has, where all rows have the same one and it is there. */
    private static Optional<String> shared(List<TaskModelResult> rows,
            java.util.function.Function<TaskModelResult, String> value) {
        Set<String> values = rows.stream().map(value).map(v -> v == null ? "" : v).collect(Collectors.toSet());
        return values.size() == 1 && !values.contains("") ? Optional.of(values.iterator().next()) : Optional.empty();
    }

    /** Whether no result of the task has a lower-is-better metric (such as bits/char). */
    private static boolean allHigherIsBetter(List<TaskModelResult> rows) {
        return rows.stream().allMatch(r -> Figures.higherIsBetter(r.accuracy()));
    }

    /**
     * A result's metric value with its interval: an accuracy in [0, 1] with three decimals, a lower-is-better
     * value such as bits/char (not a proportion) to {@link Numbers#DIGITS} digits, and
     * {@link Figures#NO_ACCURACY} for a model with random weights.
     */
    static String metricValue(TaskModelResult r) {
        Accuracy a = r.accuracy();
        if (a == null) {
            return Figures.NO_ACCURACY;
        }
        if (Figures.higherIsBetter(a)) {
            return Numbers.accuracy(a.value(), a.ci95());
        }
        List<Double> ci = a.ci95();
        boolean hasCi = ci != null && ci.size() == 2 && ci.get(0) != null && ci.get(1) != null;
        return hasCi ? Numbers.withCi(a.value(), ci.get(0), ci.get(1), 1) : Numbers.sig(a.value());
    }

    /** Accuracy per kJ, or why there is none: a lower-is-better metric, or random weights. */
    private static String perKilojoule(TaskModelResult r) {
        if (r.accuracy() == null) {
            return Figures.NO_ACCURACY;
        }
        if (!Figures.higherIsBetter(r.accuracy())) {
            return Numbers.NA + " (lower is better)";
        }
        return Figures.accuracyPerKilojoule(r).stream().mapToObj(Numbers::sig).findFirst().orElse(Numbers.NA);
    }

    /**
     * Prefill and decode figures of the results that generated, where any did: the metric, J per generated
     * token, per prompt token and per response, decode speed, time to first token, time per output token
     * and how many tokens a response had.
     */
    private static void generation(List<TaskModelResult> rows, List<Block> blocks) {
        List<TaskModelResult> gens = rows.stream().filter(r -> r.generation() != null).toList();
        if (gens.isEmpty()) {
            return;
        }
        Labels labels = new Labels(gens);
        blocks.add(new Block.Heading(3, "Generation"));
        blocks.add(new Block.Paragraph("Prefill (reading the prompt, up to the first token) and decode (generating, from"
                + " the first token on) measured in windows of their own; the engine is the backend that ran the model."));
        blocks.add(new Block.Table(List.of(
                Block.Column.text("Model"), Block.Column.text("Engine"),
                Block.Column.number("Params"), Block.Column.number(metricHeader(gens)),
                Block.Column.number(labels.header("J/generated token net")),
                Block.Column.number(labels.header("J/prompt token net")),
                Block.Column.number(labels.header("J/response net")),
                Block.Column.number("Decode tokens/s"), Block.Column.number("TTFT p50 / p95, ms"),
                Block.Column.number("TPOT p50, ms"), Block.Column.number("Output tokens min / p50 / max")),
                gens.stream().map(r -> generationFigures(r, labels)).toList()));
        Map<String, List<String>> engines = new LinkedHashMap<>();
        gens.forEach(r -> {
            List<String> e = engines.computeIfAbsent(String.valueOf(r.model()), k -> new ArrayList<>());
            if (!e.contains(String.valueOf(r.backend()))) {
                e.add(String.valueOf(r.backend()));
            }
        });
        List<String> compared = engines.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " on " + String.join(", ", e.getValue())).toList();
        if (!compared.isEmpty()) {
            blocks.add(new Block.Paragraph("Engine comparison, the same model on several engines: "
                    + String.join("; ", compared) + "."));
        }
    }

    /** What the headline is and why domains are never added, said once above the table. */
    static final String DOMAINS_NOTE = "Each domain comes from its own meter, less that meter's idle power for the"
            + " domain, over the same windows as the headline; figures of different meters are shown side by side and"
            + " never added. The headline (J/query above) is one meter's total: the GPU meter's for a model on a GPU"
            + " (or behind a server on this host's loopback while a GPU meter works), the CPU meter's otherwise.";

    /** Each measured domain's figures beside the headline, where the rows carry any. */
    private static void domains(List<TaskModelResult> rows, List<Block> blocks) {
        List<List<String>> cells = new ArrayList<>();
        for (TaskModelResult r : rows) {
            EnergyResult e = r.energy();
            if (e == null) {
                continue;
            }
            for (TaskModelResult.DomainResult d : e.domains()) {
                boolean headline = java.util.Objects.equals(d.meter(), e.meter());
                cells.add(Arrays.asList(r.model(), r.backend(), d.domain(), d.meter() + (headline ? " (headline)" : ""),
                        Figures.methodLabel(d.method(), null), String.valueOf(d.window()),
                        d.jPerQuery() == null ? Numbers.NA : Numbers.withCi(d.jPerQuery()),
                        d.jPerToken() == null ? Numbers.NA : Numbers.withCi(d.jPerToken().mean(), d.jPerToken().lo(),
                                d.jPerToken().hi(), 1000),
                        d.sources().size() > 1 ? d.sources().entrySet().stream()
                                .map(x -> x.getKey() + " " + Numbers.sig(x.getValue()) + " J")
                                .collect(java.util.stream.Collectors.joining("; ")) : ""));
            }
        }
        if (cells.isEmpty()) {
            return;
        }
        blocks.add(new Block.Heading(3, "Energy by domain"));
        blocks.add(new Block.Paragraph(DOMAINS_NOTE));
        blocks.add(new Block.Table(List.of(Block.Column.text("Model"), Block.Column.text("Backend"),
                Block.Column.text("Domain"), Block.Column.text("Meter"), Block.Column.text("Method"),
                Block.Column.text("Window"), Block.Column.number("J/query net"),
                Block.Column.number("mJ/token net"), Block.Column.text("Per board, gross")), cells));
    }

    /** {@code next-word exact match}, or {@code bits/char (lower is better)}: the metrics the rows report. */
    private static String metricHeader(List<TaskModelResult> rows) {
        Set<String> metrics = new LinkedHashSet<>();
        rows.stream().filter(r -> r.accuracy() != null).forEach(r -> metrics.add(Figures.metricLabel(r.accuracy())));
        return metrics.isEmpty() ? "Metric" : String.join(" / ", metrics);
    }

    private static List<String> generationFigures(TaskModelResult r, Labels labels) {
        EnergyResult e = r.energy();
        GenerationStats g = r.generation();
        return Arrays.asList(r.model(), r.backend(), Numbers.params(r.params()), metricValue(r),
                labels.cell(e, mark(e, Numbers.withCi(g.jPerGeneratedToken()))),
                labels.cell(e, mark(e, Numbers.withCi(g.jPerPromptToken()))),
                labels.cell(e, mark(e, Numbers.withCi(g.jPerResponse()))),
                Numbers.withCi(g.decodeTokensPerS()),
                g.ttftMs() == null ? Numbers.NA : Numbers.sig(g.ttftMs().p50Ms()) + " / " + Numbers.sig(g.ttftMs().p95Ms()),
                g.tpotMs() == null ? Numbers.NA : Numbers.sig(g.tpotMs().p50Ms()),
                outputTokens(g.outputTokens()));
    }

    /** {@code 12 / 32 / 32}: generated tokens per response, min, p50 and max. */
    private static String outputTokens(List<Double> tokens) {
        if (tokens == null || tokens.size() != 3 || tokens.stream().anyMatch(t -> t == null)) {
            return Numbers.NA;
        }
        return tokens.stream().map(t -> Double.isFinite(t) ? Numbers.value(t) : Numbers.NA)
                .collect(Collectors.joining(" / "));
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
        List<Block> inner = new ArrayList<>();
        inner.add(new Block.Paragraph("ATTRIBUTED, not measured: the measured energy above times this process's"
                + " share of the whole machine's CPU time over the measured passes (CPU-time share). Section"
                + " \"How these figures were obtained\" explains it."));
        inner.add(new Block.Table(List.of(
                Block.Column.text("Model"), Block.Column.text("Backend"),
                Block.Column.number("CPU-time share, %"),
                Block.Column.number(labels.attributedHeader("Attributed net J/query")),
                Block.Column.number(labels.attributedHeader("Attributed net J")),
                Block.Column.number(labels.attributedHeader("Attributed gross J"))),
                rows.stream().map(r -> attribution(r, labels)).toList()));
        blocks.add(new Block.Details(3, "Attributed to this process", inner));
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
        return Arrays.asList(r.model(), r.backend(), Numbers.params(r.params()), metricValue(r),
                labels.cell(e, mark(e, e == null ? Numbers.NA : Numbers.withCi(e.jPerQuery()))),
                labels.cell(e, e == null || e.jPerToken() == null ? Numbers.NA : Numbers.withCi(
                        e.jPerToken().mean(), e.jPerToken().lo(), e.jPerToken().hi(), 1000)),
                r.throughput() == null ? Numbers.NA : Numbers.withCi(r.throughput().tokensPerS()),
                r.latency() == null ? Numbers.NA : Numbers.sig(r.latency().p50Ms()) + " / "
                        + Numbers.sig(r.latency().p95Ms()),
                labels.cell(e, perKilojoule(r)));
    }

    private static List<String> measurement(TaskModelResult r, Labels labels, boolean window, boolean boundary) {
        EnergyResult e = r.energy();
        List<String> cells = new ArrayList<>(Arrays.asList(r.model(), r.backend(), r.device(), r.precision(),
                Integer.toString(r.repetitions()), Integer.toString(r.queries()), Long.toString(r.tokens())));
        if (window) {
            cells.add(e == null ? Numbers.NA : mark(e, String.valueOf(e.window())));
        }
        cells.addAll(Arrays.asList(
                labels.cell(e, e == null ? Numbers.NA : Numbers.sig(e.joulesGross())),
                labels.cell(e, e == null ? Numbers.NA : Numbers.sig(e.joulesNet())),
                labels.cell(e, e == null ? Numbers.NA : Numbers.sig(e.setupJoulesGross())),
                r.throughput() == null ? Numbers.NA : Numbers.sig(r.throughput().queriesPerS())));
        if (boundary) {
            cells.add(e == null ? Numbers.NA : e.boundary());
        }
        cells.add(otherMetrics(r));
        return cells;
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
