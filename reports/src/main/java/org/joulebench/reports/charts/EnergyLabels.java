package org.joulebench.reports.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.CrossRun;
import org.joulebench.reports.CrossRunFigures;
import org.joulebench.reports.EnergyRating;
import org.joulebench.reports.Figures;
import org.joulebench.reports.ServingLevels;

/**
 * The energy labels of a run or of a cross-run report: {@code labels/<task>--<model>.svg} and {@code .png} per
 * model and task (single scenario), with {@code --<engine>} and {@code --<run>} added to the name where one
 * model ran a task on several engines or in several runs.
 */
public final class EnergyLabels {

    public static final String DIR = "labels";

    private EnergyLabels() {
    }

    /** The labels of one run's results. */
    public static List<Path> write(RunResult result, Path dir) throws IOException {
        List<Item> items = new ArrayList<>();
        ServingLevels.single(result.results()).forEach(r -> items.add(new Item(r, result, null)));
        return write(items, dir);
    }

    /** The labels of every run's results in a cross-run report, stars rated against all of them. */
    public static List<Path> write(CrossRun runs, Path dir) throws IOException {
        List<Item> items = new ArrayList<>();
        runs.rows().stream().filter(r -> r.result().concurrency() == null)
                .forEach(r -> items.add(new Item(r.result(), r.run().result(), r.run().label())));
        return write(items, dir);
    }

    private record Item(TaskModelResult result, RunResult run, String runLabel) {
    }

    private static List<Path> write(List<Item> items, Path dir) throws IOException {
        if (items.isEmpty()) {
            return List.of();
        }
        Path labels = Files.createDirectories(dir.resolve(DIR));
        Map<String, List<TaskModelResult>> byTask = new LinkedHashMap<>();
        items.forEach(i -> byTask.computeIfAbsent(String.valueOf(i.result().task()), t -> new ArrayList<>())
                .add(i.result()));
        List<Path> written = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Item item : items) {
            TaskModelResult r = item.result();
            List<TaskModelResult> task = byTask.get(String.valueOf(r.task()));
            boolean engines = items.stream().filter(i -> same(i.result(), r))
                    .map(i -> String.valueOf(i.result().backend())).distinct().count() > 1;
            boolean runs = items.stream().filter(i -> same(i.result(), r))
                    .map(i -> String.valueOf(i.runLabel())).distinct().count() > 1;
            String base = ChartNames.slug(String.valueOf(r.task())) + "--" + ChartNames.slug(String.valueOf(r.model()))
                    + (engines ? "--" + ChartNames.slug(String.valueOf(r.backend())) : "")
                    + (runs ? "--" + ChartNames.slug(item.runLabel()) : "");
            String name = base;
            for (int n = 2; !taken.add(name); n++) {
                name = base + "-" + n;
            }
            written.addAll(label(item, task, engines).write(labels, name));
        }
        return List.copyOf(written);
    }

    private static boolean same(TaskModelResult a, TaskModelResult b) {
        return Objects.equals(a.task(), b.task()) && Objects.equals(a.model(), b.model());
    }

    static EnergyLabel label(Item item, List<TaskModelResult> task, boolean engine) {
        TaskModelResult r = item.result();
        RunResult run = item.run();
        String method = Figures.methodLabel(r.energy());
        Stat j = r.energy() == null ? null : r.energy().jPerQuery();
        var wh = CrossRunFigures.whPer1000Queries(r);
        EnergyRating.Rating rating = EnergyRating.rating(r, task);
        String bands = EnergyRating.ofTask(task, method).map(b -> bands(b, task.size()))
                .orElse("Stars (1–5, after AI Energy Score) need at least " + EnergyRating.MIN_MODELS
                        + " models on a task and two distinct net J per query values of one method.");
        String model = r.model() + (engine ? " (" + r.backend() + ")" : "") + (item.runLabel() == null ? ""
                : " · " + item.runLabel());
        String metric = r.accuracy() == null ? "Accuracy: " + Figures.NO_ACCURACY
                : Figures.metricLabel(r.accuracy()) + ": " + value(r);
        String host = run.host() == null ? "unknown" : run.host().hostname() + " (" + run.host().cpuModel() + ", "
                + run.host().logicalCpus() + " logical CPUs" + (run.host().gpus().isEmpty() ? ""
                : ", " + String.join("; ", run.host().gpus())) + ")";
        String date = run.run() == null || run.run().start() == null ? "unknown"
                : run.run().start().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        String version = run.run() == null ? "unknown" : String.valueOf(run.run().version());
        return new EnergyLabel(model, String.valueOf(r.task()), metric,
                j == null || !Double.isFinite(j.mean()) ? "n/a" : stat(j),
                wh.isPresent() ? sig(wh.getAsDouble()) : "n/a (net J/query not above 0)",
                rating.stars().isPresent() ? rating.text() : "No stars: " + rating.reason(), bands, method, host, date,
                version);
    }

    /** {@code ★★★★★ ≤ 0.0130 J/query < ★★★★☆ ≤ … } over the reference set. */
    private static String bands(EnergyRating.Bands b, int results) {
        StringBuilder s = new StringBuilder("Stars (after AI Energy Score) cut the range of net J/query of the ")
                .append(b.size()).append(" results of this task measured by ").append(b.method())
                .append(" into fifths: ");
        for (int stars = 5; stars >= 1; stars--) {
            s.append(EnergyRating.stars(stars)).append(' ').append(sig(b.lower(stars))).append('–')
                    .append(sig(b.upper(stars))).append(stars > 1 ? "; " : " J/query.");
        }
        return s.append(" A rating against these results, not a measurement.").toString();
    }

    /** An accuracy with three decimals, a lower-is-better value such as bits/char with four digits. */
    private static String value(TaskModelResult r) {
        List<Double> ci = r.accuracy().ci95();
        java.util.function.DoubleFunction<String> f = Figures.higherIsBetter(r.accuracy())
                ? x -> Double.isFinite(x) ? new java.math.BigDecimal(x).setScale(3, java.math.RoundingMode.HALF_EVEN)
                        .toPlainString() : "n/a"
                : EnergyLabels::sig;
        String v = f.apply(r.accuracy().value());
        return ci == null || ci.size() != 2 || ci.get(0) == null || ci.get(1) == null ? v
                : v + " [" + f.apply(ci.get(0)) + ", " + f.apply(ci.get(1)) + "]";
    }

    private static String stat(Stat s) {
        return sig(s.mean()) + " [" + sig(s.lo()) + ", " + sig(s.hi()) + "]";
    }

    /** Four significant digits, never an exponent. */
    private static String sig(double x) {
        if (!Double.isFinite(x)) {
            return "n/a";
        }
        return new java.math.BigDecimal(x).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
