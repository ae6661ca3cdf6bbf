package org.joulebench.reports.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.CrossRun;
import org.joulebench.reports.CrossRunFigures;
import org.joulebench.reports.DomainEnergy;
import org.joulebench.reports.EnergyRating;
import org.joulebench.reports.Figures;
import org.joulebench.reports.ReportedRun;
import org.joulebench.reports.ServingLevels;

/** The per-task tables of a cross-run report, a row per model and run, and the energy-by-domain table. */
final class CrossRunTasks {

    private CrossRunTasks() {
    }

    static List<Block> of(String task, CrossRun runs) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(2, "Task: " + task));
        List<EnergyRating.Bands> bands = EnergyRating.bands(runs);
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> published = new ArrayList<>();
        for (CrossRun.Row row : runs.rows(task)) {
            TaskModelResult r = row.result();
            String model = ServingLevels.named(String.valueOf(r.model()), r);
            rows.add(List.of(model, row.run().label(), String.valueOf(r.backend()),
                    String.valueOf(r.precision()), Numbers.params(r.params()), metric(r), value(r),
                    Figures.methodLabel(r.energy()),
                    Numbers.withCi(r.energy() == null ? null : r.energy().jPerQuery()),
                    Numbers.withCi(r.energy() == null ? null : r.energy().jPerToken())));
            published.add(List.of(model, row.run().label(), String.valueOf(r.backend()),
                    Figures.methodLabel(r.energy()), positive(CrossRunFigures.whPer1000Queries(r), "net ≤ 0"),
                    perCorrect(r), EnergyRating.of(row, bands).text(), carbon(r, runs)));
        }
        blocks.add(new Block.Table(List.of(Block.Column.text("Model"), Block.Column.text("Run"),
                Block.Column.text("Engine"), Block.Column.text("Precision"), Block.Column.number("Params"),
                Block.Column.text("Metric"), Block.Column.number("Value [95% CI]"), Block.Column.text("Method"),
                Block.Column.number("J/query net [95% CI]"), Block.Column.number("J/token net [95% CI]")), rows));
        if (runs.rows(task).stream().anyMatch(r -> r.result().concurrency() != null)) {
            blocks.add(new Block.Paragraph(ServingLevels.ROW_NOTE + " Energy ratings of serving levels are per level"
                    + " (see \"Energy rating\")."));
        }
        blocks.add(new Block.Paragraph("Wh per 1,000 queries (AI Energy Score's unit), J per correct answer, the"
                + " energy rating and the carbon conversion, all from the same net J per query (definitions under"
                + " \"How these figures were obtained\"):"));
        blocks.add(new Block.Table(List.of(Block.Column.text("Model"), Block.Column.text("Run"),
                Block.Column.text("Engine"), Block.Column.text("Method"), Block.Column.number("Wh/1000 queries net"),
                Block.Column.number("J/correct answer net [95% CI]"), Block.Column.text("Energy rating"),
                Block.Column.number("gCO2e/1000 queries (conversion)")), published));
        return blocks;
    }

    static List<Block> domains(CrossRun runs) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(2, "Energy by domain"));
        blocks.add(new Block.Paragraph("Gross J per query by domain, from each run's power trace over the result's"
                + " measured passes (idle included; see \"How these figures were obtained\")."));
        List<List<String>> rows = new ArrayList<>();
        List<String> without = new ArrayList<>();
        for (ReportedRun run : runs.runs()) {
            if (run.result().powerTrace() == null || run.result().powerTrace().series().isEmpty()) {
                without.add(run.label());
                continue;
            }
            for (TaskModelResult r : run.result().results()) {
                Map<String, Double> d = DomainEnergy.perQuery(run.result(), r);
                List<String> row = new ArrayList<>(List.of(run.label(), String.valueOf(r.task()),
                        ServingLevels.named(String.valueOf(r.model()), r), String.valueOf(r.backend()),
                        Figures.methodLabel(r.energy())));
                DomainEnergy.DOMAINS.forEach(domain -> row.add(d.containsKey(domain) ? Numbers.sig(d.get(domain))
                        : d.isEmpty() ? "n/a (no pass in the trace)" : "not measured"));
                rows.add(row);
            }
        }
        if (!rows.isEmpty()) {
            List<Block.Column> columns = new ArrayList<>(List.of(Block.Column.text("Run"), Block.Column.text("Task"),
                    Block.Column.text("Model"), Block.Column.text("Engine"), Block.Column.text("Method")));
            DomainEnergy.DOMAINS.forEach(domain -> columns.add(Block.Column.number(domain + " J/query gross")));
            blocks.add(new Block.Table(columns, rows));
        }
        if (!without.isEmpty()) {
            blocks.add(new Block.Paragraph("No power trace, so no energy by domain, in: " + String.join(", ", without)
                    + " (the run carries no power trace)."));
        }
        return blocks;
    }

    private static String metric(TaskModelResult r) {
        return r.accuracy() == null ? "n/a" : Figures.metricLabel(r.accuracy());
    }

    private static String value(TaskModelResult r) {
        if (r.accuracy() == null) {
            return Figures.NO_ACCURACY;
        }
        if (Figures.higherIsBetter(r.accuracy())) {
            return Numbers.accuracy(r.accuracy().value(), r.accuracy().ci95());
        }
        List<Double> ci = r.accuracy().ci95();
        return ci == null || ci.size() != 2 || ci.get(0) == null || ci.get(1) == null
                ? Numbers.sig(r.accuracy().value())
                : Numbers.withCi(r.accuracy().value(), ci.get(0), ci.get(1), 1);
    }

    private static String perCorrect(TaskModelResult r) {
        Stat s = CrossRunFigures.joulesPerCorrect(r);
        if (s != null) {
            return Double.isFinite(s.lo()) && Double.isFinite(s.hi()) ? Numbers.withCi(s) : Numbers.sig(s.mean());
        }
        if (r.accuracy() == null) {
            return Figures.NO_ACCURACY;
        }
        if (!Figures.higherIsBetter(r.accuracy())) {
            return "n/a (lower is better)";
        }
        if (CrossRunFigures.joulesPerQuery(r).isEmpty()) {
            return "n/a (net ≤ 0)";
        }
        return "n/a (accuracy " + Numbers.fixed(r.accuracy().value(), 3) + ")";
    }

    private static String carbon(TaskModelResult r, CrossRun runs) {
        if (runs.carbon() == null) {
            return "n/a (no grid intensity given)";
        }
        return positive(CrossRunFigures.gramsPer1000Queries(r, runs.carbon()), "net ≤ 0");
    }

    private static String positive(OptionalDouble value, String why) {
        return value.isPresent() ? Numbers.sig(value.getAsDouble()) : "n/a (" + why + ")";
    }
}
