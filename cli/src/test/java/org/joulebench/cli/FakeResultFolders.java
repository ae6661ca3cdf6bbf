package org.joulebench.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.joulebench.harness.HostInfo;
import org.joulebench.harness.IdleBaseline;
import org.joulebench.harness.InputException;
import org.joulebench.harness.MeterInfo;
import org.joulebench.harness.ModelInfo;
import org.joulebench.harness.QueryRecord;
import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.ResultFolder;
import org.joulebench.harness.RunInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.csv.QueriesCsvWriter;

/**
 * Result folders for the compare command's tests: a clearly fake run ("fixture-…" names, seeded random joules
 * that nobody measured) and copies derived from it with every per-query joule figure scaled.
 */
final class FakeResultFolders {

    static final List<String> MODELS = List.of("fixture-model-a", "fixture-model-b");
    static final String TASK = "fixture-task";
    static final String BACKEND = "fixture-backend";

    private FakeResultFolders() {
    }

    /** Writes a fake run of 2 models × 40 items × 2 repetitions into {@code dir}. */
    static Path write(Path dir) throws IOException {
        Random random = new Random(20261129);
        List<QueryRecord> queries = new ArrayList<>();
        List<TaskModelResult> results = new ArrayList<>();
        List<ModelInfo> models = new ArrayList<>();
        for (String model : MODELS) {
            for (int rep = 1; rep <= 2; rep++) {
                for (int i = 0; i < 40; i++) {
                    int tokens = 8 + i % 17;
                    double joules = 0.002 * tokens * Math.exp(0.1 * random.nextGaussian());
                    queries.add(new QueryRecord(TASK, model, BACKEND, rep, "fixture-item-" + i, tokens,
                            joules + 0.01, joules, 20 * tokens * Math.exp(0.1 * random.nextGaussian()), i % 3 == 0 ? 0 : 1,
                            "ESTIMATE"));
                }
            }
            Stat fake = Stat.of(1, 1, 1, 2, "repetitions");
            results.add(new TaskModelResult(TASK, model, BACKEND, "cpu", "fp32", 1000, 2, 80, 80 * 16,
                    new TaskModelResult.Accuracy("accuracy", 0.67, List.of(0.5, 0.8), 40, "items", Map.of()),
                    new TaskModelResult.EnergyResult("estimate", "ESTIMATE", "fixture boundary", "query", 1, 1, fake,
                            fake, 0, 0.5),
                    new TaskModelResult.Throughput(fake, 1), new TaskModelResult.Latency(1, 2)));
            models.add(new ModelInfo(model, String.valueOf(model.length()).repeat(64), "onnx", "fp32", 1000, "fixture"));
        }
        RunInfo info = new RunInfo("fixture-run", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:01:00Z"), "test", 7, "joulebench run",
                new RunInfo.SuiteInfo("fixture-suite", "1", "f".repeat(64)), Map.of());
        HostInfo host = new HostInfo("fixture-host", "fixture", "fixture-cpu", "fixture-arch", 2, 4, 8_000_000_000L,
                "os", "kernel", "jvm", List.of(), "none");
        MeterInfo meter = new MeterInfo("estimate", "ESTIMATE", List.of("CPU_PACKAGE"), "used", "fake", null,
                "fixture boundary", null);
        RunResult run = new RunResult(RunResult.SCHEMA, info, host, List.of(meter),
                new IdleBaseline(1, "ESTIMATE", 1, 1, "fixture boundary", 0.5), null, results, List.of(), null, models,
                queries);
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve("results.json"))) {
            ResultCodec.write(run, out);
        }
        new QueriesCsvWriter().write(run, dir);
        return dir;
    }

    /** A copy of the result folder {@code from} whose per-query joules (gross and net) are multiplied by {@code factor}. */
    static Path scaled(Path from, Path to, double factor) throws IOException, InputException {
        return scaled(from, to, null, factor);
    }

    /** The same, with only {@code model}'s joules scaled (every model's where null). */
    static Path scaled(Path from, Path to, String model, double factor) throws IOException, InputException {
        RunResult run = ResultFolder.read(from);
        List<QueryRecord> scaled = run.queries().stream().map(q -> model != null && !q.model().equals(model) ? q
                : new QueryRecord(q.task(), q.model(), q.backend(), q.repetition(), q.item(), q.tokens(),
                q.joulesGross() * factor, q.joulesNet() * factor, q.latencyMs(), q.score(), q.method(), q.energy()))
                .toList();
        Files.createDirectories(to);
        Files.copy(from.resolve("results.json"), to.resolve("results.json"));
        new QueriesCsvWriter().write(run.withQueries(scaled), to);
        return to;
    }
}
