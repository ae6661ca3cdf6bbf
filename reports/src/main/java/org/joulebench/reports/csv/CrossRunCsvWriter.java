package org.joulebench.reports.csv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.CrossRun;
import org.joulebench.reports.CrossRunFigures;
import org.joulebench.reports.CrossRunWriter;
import org.joulebench.reports.DomainEnergy;
import org.joulebench.reports.EnergyRating;
import org.joulebench.reports.Figures;

/**
 * {@code report.csv} of a cross-run report: one row per run × task × model × engine (× concurrency level, for the
 * serving scenario), with the host as a column; {@code concurrency}, appended last, is empty for the single
 * scenario. Numbers as in {@code queries.csv} (9 significant digits, a point, no exponent); a figure that is
 * not there is an empty field, never 0. Public only because {@link java.util.ServiceLoader} needs it.
 */
public final class CrossRunCsvWriter implements CrossRunWriter {

    static final String FILE = "report.csv";
    static final List<String> HEADER = List.of("run", "host", "host_fingerprint", "run_id", "run_start", "task",
            "model", "backend", "precision", "params", "method", "metric", "higher_is_better", "metric_value",
            "metric_lo", "metric_hi", "j_per_query_net", "j_per_query_lo", "j_per_query_hi", "j_per_token_net",
            "j_per_token_lo", "j_per_token_hi", "wh_per_1000_queries", "j_per_correct", "j_per_correct_lo",
            "j_per_correct_hi", "rating_stars", "gco2e_per_1000_queries_conversion", "grid_g_per_kwh", "pue",
            "cpu_package_j_per_query_gross", "dram_j_per_query_gross", "gpu_j_per_query_gross", "concurrency");

    @Override
    public String id() {
        return "csv";
    }

    @Override
    public List<Path> write(CrossRun runs, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Files.writeString(file, render(runs), StandardCharsets.UTF_8);
        return List.of(file);
    }

    static String render(CrossRun runs) {
        StringBuilder csv = new StringBuilder(Csv.record(HEADER));
        List<EnergyRating.Bands> bands = EnergyRating.bands(runs);
        for (CrossRun.Row row : runs.rows()) {
            TaskModelResult r = row.result();
            var run = row.run().result();
            List<String> f = new ArrayList<>();
            f.add(row.run().label());
            f.add(run.host() == null ? "" : run.host().hostname());
            f.add(row.run().fingerprint());
            f.add(run.run() == null ? "" : run.run().id());
            f.add(run.run() == null || run.run().start() == null ? "" : run.run().start().toString());
            f.add(r.task());
            f.add(r.model());
            f.add(r.backend());
            f.add(r.precision());
            f.add(r.params() > 0 ? Long.toString(r.params()) : "");
            f.add(r.energy() == null ? "" : Figures.methodLabel(r.energy()));
            if (r.accuracy() == null) {
                f.addAll(List.of("", "", "", "", ""));
            } else {
                f.add(r.accuracy().metric());
                f.add(Boolean.toString(Figures.higherIsBetter(r.accuracy())));
                f.add(CsvNumbers.decimal(r.accuracy().value()));
                List<Double> ci = r.accuracy().ci95();
                boolean hasCi = ci != null && ci.size() == 2 && ci.get(0) != null && ci.get(1) != null;
                f.add(hasCi ? CsvNumbers.decimal(ci.get(0)) : "");
                f.add(hasCi ? CsvNumbers.decimal(ci.get(1)) : "");
            }
            stat(r.energy() == null ? null : r.energy().jPerQuery(), f);
            stat(r.energy() == null ? null : r.energy().jPerToken(), f);
            f.add(number(CrossRunFigures.whPer1000Queries(r)));
            stat(CrossRunFigures.joulesPerCorrect(r), f);
            f.add(EnergyRating.of(row, bands).stars().map(String::valueOf).orElse(""));
            f.add(number(CrossRunFigures.gramsPer1000Queries(r, runs.carbon())));
            f.add(runs.carbon() == null ? "" : CsvNumbers.decimal(runs.carbon().gramsPerKilowattHour()));
            f.add(runs.carbon() == null ? "" : CsvNumbers.decimal(runs.carbon().pue()));
            Map<String, Double> domains = DomainEnergy.perQuery(run, r);
            DomainEnergy.DOMAINS.forEach(d -> f.add(domains.containsKey(d) ? CsvNumbers.decimal(domains.get(d)) : ""));
            f.add(r.concurrency() == null ? "" : Integer.toString(r.concurrency()));
            csv.append(Csv.record(f));
        }
        return csv.toString();
    }

    private static void stat(Stat s, List<String> fields) {
        if (s == null) {
            fields.addAll(List.of("", "", ""));
            return;
        }
        fields.add(CsvNumbers.decimal(s.mean()));
        fields.add(CsvNumbers.decimal(s.lo()));
        fields.add(CsvNumbers.decimal(s.hi()));
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? CsvNumbers.decimal(value.getAsDouble()) : "";
    }
}
