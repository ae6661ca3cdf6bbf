package org.joulebench.reports.document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.EnergyRating;
import org.joulebench.reports.Figures;
import org.joulebench.reports.charts.ParetoFrontier;

/**
 * The answer first: per task, the models ranked by net energy (J per generated token for a task whose results
 * all generated, J per query otherwise), each with its metric and interval, the Pareto-optimal ones marked,
 * stars where at least {@value EnergyRating#MIN_MODELS} models ran the task, and one sentence comparing the
 * smallest model with the largest.
 */
final class SummarySection {

    static final String ID = "summary";

    /**
     * One row of a task: a result and what the summary calls it.
     *
     * @param label the model as the report names it (with its engine, run or level where needed)
     * @param group results that may be compared small against large: those of one engine (and one run)
     */
    record Entry(String label, String group, TaskModelResult result) {
    }

    private SummarySection() {
    }

    /** The summary of {@code tasks}, task by task in the given order; empty where no task has a result. */
    static Optional<Block> of(Map<String, List<Entry>> tasks) {
        if (tasks.values().stream().allMatch(List::isEmpty)) {
            return Optional.empty();
        }
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(2, "Summary"));
        blocks.add(new Block.Paragraph("Per task, the models ranked by net energy, lowest first (J per generated"
                + " token where every result of the task generated text, J per query otherwise), each with its metric"
                + " and 95% interval. Pareto-optimal: no other result of the task needs less energy for a metric at"
                + " least as good (among results with net energy above zero; one at or below zero lies within idle"
                + " noise and is not ranked). Tables and charts per task follow."));
        tasks.forEach((task, entries) -> {
            if (!entries.isEmpty()) {
                blocks.addAll(task(task, entries));
            }
        });
        return Optional.of(new Block.Section(ID, blocks));
    }

    private static List<Block> task(String task, List<Entry> entries) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(3, task));
        boolean perToken = entries.stream().allMatch(e -> e.result().generation() != null
                && e.result().generation().jPerGeneratedToken() != null);
        String unit = perToken ? "J/generated token" : "J/query";
        List<TaskModelResult> results = entries.stream().map(Entry::result).toList();
        boolean shared = results.stream().map(r -> Figures.methodLabel(r.energy())).distinct().count() <= 1;
        String method = Figures.methodLabel(results);
        blocks.add(new Block.Paragraph(sentence(entries, perToken, unit)));
        List<Entry> ranked = new ArrayList<>(entries);
        ranked.sort(Comparator.comparingDouble((Entry e) -> rankValue(energy(e.result(), perToken)))
                .thenComparing(Entry::label));
        Set<String> pareto = pareto(entries, perToken);
        boolean stars = results.stream().map(r -> String.valueOf(r.model())).distinct().count()
                >= EnergyRating.MIN_MODELS;
        List<Block.Column> columns = new ArrayList<>(List.of(Block.Column.number("Rank"), Block.Column.text("Model"),
                Block.Column.number(metricHeader(results) + " [95% CI]"),
                Block.Column.number(unit + " net [95% CI]" + (shared ? " (" + method + ")" : "")),
                Block.Column.text("Pareto-optimal")));
        if (stars) {
            // the rating is of J/query, as on the labels, also where the ranking is by J/generated token
            columns.add(Block.Column.text(perToken ? "Stars (by J/query)" : "Stars"));
        }
        List<List<String>> rows = new ArrayList<>();
        int rank = 0;
        for (Entry e : ranked) {
            Stat s = energy(e.result(), perToken);
            boolean finite = s != null && Double.isFinite(s.mean());
            List<String> row = new ArrayList<>(List.of(measured(s) ? Integer.toString(++rank)
                            : finite ? Numbers.NA + " (net ≤ 0)" : Numbers.NA, e.label(),
                    TaskSection.metricValue(e.result()),
                    (finite ? Numbers.withCi(s) : Numbers.NA)
                            + (shared ? "" : " (" + Figures.methodLabel(e.result().energy()) + ")"),
                    pareto.contains(e.label()) ? "yes" : ""));
            if (stars) {
                row.add(EnergyRating.rating(e.result(), results).text());
            }
            rows.add(row);
        }
        blocks.add(new Block.Table(columns, rows));
        if (!stars) {
            long models = results.stream().map(r -> String.valueOf(r.model())).distinct().count();
            blocks.add(new Block.Paragraph("No stars: " + models + (models == 1 ? " model" : " models")
                    + " ran this task, and an energy rating needs at least " + EnergyRating.MIN_MODELS + "."));
        }
        return blocks;
    }

    /** A result that was not measured, or whose net energy is not above zero (within idle noise), ranks last. */
    private static double rankValue(Stat s) {
        return measured(s) ? s.mean() : Double.MAX_VALUE;
    }

    static Stat energy(TaskModelResult r, boolean perToken) {
        if (perToken) {
            return r.generation() == null ? null : r.generation().jPerGeneratedToken();
        }
        return r.energy() == null ? null : r.energy().jPerQuery();
    }

    /** The labels of the entries on the energy–metric Pareto frontier, among those with a metric and energy. */
    private static Set<String> pareto(List<Entry> entries, boolean perToken) {
        List<ParetoFrontier.Point> points = new ArrayList<>();
        Boolean higher = null;
        for (Entry e : entries) {
            Stat s = energy(e.result(), perToken);
            if (e.result().accuracy() == null || !measured(s) || !Double.isFinite(e.result().accuracy().value())) {
                continue;
            }
            boolean h = Figures.higherIsBetter(e.result().accuracy());
            if (higher != null && higher != h) {
                return Set.of(); // metrics of both directions: no one frontier
            }
            higher = h;
            points.add(new ParetoFrontier.Point(e.label(), s.mean(), e.result().accuracy().value()));
        }
        if (points.size() < 2) {
            return Set.of();
        }
        return ParetoFrontier.of(points, higher).stream().map(ParetoFrontier.Point::label).collect(Collectors.toSet());
    }

    /**
     * {@code kjv-large: 7.2× the J/generated token of kjv-small for 0.150 bits/char better (COUNTER)}: the largest
     * model against the smallest of one group (engine, run), the group with the widest span of sizes; or why
     * there is no such sentence.
     */
    static String sentence(List<Entry> entries, boolean perToken, String unit) {
        Map<String, List<Entry>> groups = new LinkedHashMap<>();
        entries.stream().filter(e -> e.result().params() > 0 && measured(energy(e.result(), perToken)))
                .forEach(e -> groups.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e));
        Entry small = null;
        Entry large = null;
        double span = 1;
        for (List<Entry> group : groups.values()) {
            Entry lo = group.stream().min(Comparator.comparingLong(e -> e.result().params())).orElseThrow();
            Entry hi = group.stream().max(Comparator.comparingLong(e -> e.result().params())).orElseThrow();
            double ratio = hi.result().params() / (double) lo.result().params();
            if (ratio > span) {
                span = ratio;
                small = lo;
                large = hi;
            }
        }
        if (small == null) {
            return "No smaller-against-larger comparison: the models of this task with measured energy have one"
                    + " parameter count (or none known).";
        }
        double ratio = energy(large.result(), perToken).mean() / energy(small.result(), perToken).mean();
        String method = Figures.methodLabel(large.result().energy());
        String smallMethod = Figures.methodLabel(small.result().energy());
        if (!Objects.equals(method, smallMethod)) {
            method = method + " against " + smallMethod;
        }
        return large.label() + " (" + Numbers.params(large.result().params()) + " parameters): "
                + Numbers.sig(ratio, 2) + "× the " + unit + " of " + small.label() + " ("
                + Numbers.params(small.result().params()) + ")" + difference(small.result(), large.result())
                + " (" + method + ").";
    }

    private static boolean measured(Stat s) {
        return s != null && Double.isFinite(s.mean()) && s.mean() > 0;
    }

    /** {@code  for 0.150 accuracy@1 better}, or what stands instead where the two cannot be compared. */
    private static String difference(TaskModelResult small, TaskModelResult large) {
        if (small.accuracy() == null || large.accuracy() == null) {
            return ", no accuracy to compare (random weights)";
        }
        if (!Objects.equals(small.accuracy().metric(), large.accuracy().metric())) {
            return ", on different metrics";
        }
        boolean higher = Figures.higherIsBetter(large.accuracy());
        double delta = large.accuracy().value() - small.accuracy().value();
        if (!Double.isFinite(delta)) {
            return "";
        }
        String amount = higher ? Numbers.fixed(Math.abs(delta), 3) : Numbers.sig(Math.abs(delta), 2);
        if (Numbers.fixed(Math.abs(delta), 3).equals("0.000")) {
            return " for the same " + large.accuracy().metric();
        }
        boolean better = higher ? delta > 0 : delta < 0;
        return " for " + amount + " " + large.accuracy().metric() + (better ? " better" : " worse");
    }

    private static String metricHeader(List<TaskModelResult> results) {
        Set<String> metrics = new java.util.LinkedHashSet<>();
        results.stream().filter(r -> r.accuracy() != null).forEach(r -> metrics.add(Figures.metricLabel(r.accuracy())));
        return metrics.isEmpty() ? "Metric" : String.join(" / ", metrics);
    }
}
