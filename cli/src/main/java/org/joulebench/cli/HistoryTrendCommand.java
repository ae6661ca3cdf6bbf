package org.joulebench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.joulebench.harness.InputException;
import org.joulebench.harness.Metric;
import org.joulebench.reports.ResultsHistory;
import org.joulebench.reports.Trend;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "trend", mixinStandardHelpOptions = true,
        description = "Print one model's figure on one task run by run, and chart it over time with 95%% intervals.")
final class HistoryTrendCommand implements Callable<Integer> {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Option(names = "--model", required = true, paramLabel = "ID", description = "the model's id")
    String model;

    @Option(names = "--task", required = true, paramLabel = "ID", description = "the task's id")
    String task;

    @Option(names = "--metric", paramLabel = "NAME", description = "j_per_query, j_per_token, j_per_generated_token, "
            + "tokens_per_s or accuracy; '-' for '_' also works (default: ${DEFAULT-VALUE})")
    String metric = Metric.J_PER_QUERY.id();

    @Option(names = "--concurrency", paramLabel = "N", description = "the serving scenario's level to chart (needed where "
            + "the history holds several levels of the model on the task and no single-scenario result)")
    Integer concurrency;

    @Option(names = "--out", paramLabel = "FILE.png", description = "the chart (default: trend-<model>-<task>-<metric>[-c<N>].png here)")
    Path out;

    @Option(names = "--overwrite", description = "replace the chart if it exists (without it, an existing file is refused)")
    boolean overwrite;

    @Mixin
    HistoryStoreOptions store = new HistoryStoreOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException, IOException {
        Metric m = Metric.byId(metric);
        if (concurrency != null && concurrency < 1) {
            throw new InputException("--concurrency " + concurrency + " is not a serving level",
                    "give a level of 1 or more that the history holds (joulebench history list shows them)");
        }
        if (out != null) {
            OutputFiles.checkWritable(out, "--out", overwrite); // before the history is opened; a default name waits for the level
        }
        var stdout = spec.commandLine().getOut();
        try (ResultsHistory history = ResultsHistory.open(store.url())) {
            Trend trend = history.trend(model, task, m, concurrency);
            Path png = out != null ? out : Path.of(("trend-" + model + "-" + task + "-" + m.id()
                    + (trend.concurrency() == null ? "" : "-c" + trend.concurrency()) + ".png")
                    .replaceAll("[^A-Za-z0-9._-]", "_"));
            if (out == null) {
                OutputFiles.checkWritable(png, "--out", overwrite);
            }
            if (trend.concurrency() != null) {
                stdout.println("serving scenario at concurrency " + trend.concurrency() + ": " + m.id() + " is the "
                        + trend.label());
            } else if (!trend.levels().isEmpty()) {
                stdout.println("single scenario; the history also holds serving levels "
                        + trend.levels().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                        + " of this model and task (--concurrency N)");
            }
            String unit = trend.unit().isEmpty() ? "" : " (" + trend.unit() + ")";
            Table t = new Table("start (UTC)", "run", "backend", "device", "method", m.id() + unit, "95% CI",
                    "model sha256", "host");
            for (Trend.Point p : trend.points()) {
                String ci = p.lo() == null || p.hi() == null ? "n/a"
                        : "[" + HistoryCommand.number(p.lo()) + ", " + HistoryCommand.number(p.hi()) + "]";
                t.row(TIME.format(p.start()), p.runId(), p.backend(), p.device(), p.method(),
                        HistoryCommand.number(p.value()), ci, HistoryListCommand.prefix(p.modelSha256()), p.host());
            }
            stdout.print(t.render());
            history.writeChart(trend, png);
            stdout.println("chart: " + png);
        }
        stdout.flush();
        return 0;
    }
}
