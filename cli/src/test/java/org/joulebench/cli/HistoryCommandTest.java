package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.joulebench.harness.HostInfo;
import org.joulebench.harness.ModelInfo;
import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.RunInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code joulebench history}: add, list and trend over an SQLite file in a test folder, on made-up runs. */
class HistoryCommandTest {

    @TempDir
    Path dir;

    /** A made-up run folder: one result of fixture-model on fixture-task with {@code jPerQuery} ± 10%. */
    private Path run(String id, Instant start, double jPerQuery) throws Exception {
        TaskModelResult r = new TaskModelResult("fixture-task", "fixture-model", "onnx", "cpu", "fp32", 1_000_000L, 3,
                12, 96, new TaskModelResult.Accuracy("accuracy@1", 0.5, List.of(0.25, 0.75), 4, "items", Map.of()),
                new TaskModelResult.EnergyResult("estimate", "ESTIMATE", "fixture boundary", "query", jPerQuery * 12,
                        jPerQuery * 12, Stat.of(jPerQuery, jPerQuery * 0.9, jPerQuery * 1.1, 3, "repetitions"),
                        Stat.of(jPerQuery / 8, jPerQuery / 9, jPerQuery / 7, 3, "repetitions"), 0, 0.5),
                new TaskModelResult.Throughput(Stat.of(100, 90, 110, 3, "repetitions"), 12.5),
                new TaskModelResult.Latency(80, 95));
        RunResult result = new RunResult(RunResult.SCHEMA,
                new RunInfo(id, start, start.plusSeconds(30), "fixture", 1, "joulebench run (fixture)",
                        new RunInfo.SuiteInfo("fixture-suite", "1", "fixture-suite-sha256"), Map.of()),
                new HostInfo("fixture-host", "FixtureVendor", "Fixture CPU", "fixture-arch", 2, 4, 8L << 30,
                        "Fixture Linux", "6.1.0-fixture", "OpenJDK 17 (fixture)", List.of(), null),
                List.of(), null, null, List.of(r), List.of(), null,
                List.of(new ModelInfo("fixture-model", "fixture-model-sha256", "onnx", "fp32", 1_000_000L, "fixture")),
                List.of());
        Path folder = Files.createDirectories(dir.resolve("out").resolve(id));
        try (OutputStream out = Files.newOutputStream(folder.resolve("results.json"))) {
            ResultCodec.write(result, out);
        }
        return folder;
    }

    /** A made-up serving run folder: fixture-model on fixture-task at {@code levels}, level N at {@code base} × N J/token. */
    private Path servingRun(String id, Instant start, double base, int... levels) throws Exception {
        Path single = run(id, start, 0.5);
        RunResult r = ResultCodec.read(Files.newInputStream(single.resolve("results.json")));
        TaskModelResult t = r.results().get(0);
        List<TaskModelResult> results = new java.util.ArrayList<>();
        for (int n : levels) {
            double j = base * n;
            Stat perToken = Stat.of(j, j * 0.9, j * 1.1, 3, "windows");
            Stat perResponse = Stat.of(j * 32, j * 32 * 0.9, j * 32 * 1.1, 3, "windows");
            TaskModelResult.ServingStats serving = new TaskModelResult.ServingStats("closed-loop", null, 8 * n, 8 * n, 3,
                    1.0, 400, j * 400 + 3, j * 400, perToken, j * 32, 400, new TaskModelResult.Percentiles(50, 60, 70),
                    new TaskModelResult.Percentiles(1, 1.5, 2), 1.5, j * 600 + 5, 256L * n, null, null, 1,
                    "fixture engine", "fixture windows");
            results.add(new TaskModelResult(t.task(), t.model(), "java", "cpu", t.precision(), t.params(), 3, 8 * n,
                    416L * n, t.accuracy(), new TaskModelResult.EnergyResult("estimate", "ESTIMATE", "fixture boundary",
                    "steady-state", j * 400 + 3, j * 400, perResponse, perToken, 0, 0.5),
                    new TaskModelResult.Throughput(Stat.of(400, 380, 420, 3, "windows"), 5), t.latency(), null, n,
                    serving));
        }
        RunResult serving = new RunResult(r.schema(), r.run(), r.host(), r.meters(), r.idle(), r.idleAfter(), results,
                r.warnings(), r.powerTrace(), r.models(), r.queries());
        try (OutputStream out = Files.newOutputStream(single.resolve("results.json"))) {
            ResultCodec.write(serving, out);
        }
        return single;
    }

    @Test
    void servingRunsAreAddedPerLevelAndTrendedAtOneLevel() throws Exception {
        Path a = servingRun("fixture-serving-a", Instant.parse("2026-01-01T10:00:00Z"), 0.002, 1, 2);
        Path b = servingRun("fixture-serving-b", Instant.parse("2026-01-02T10:00:00Z"), 0.003, 1, 2);
        CliRunner.Outcome added = CliRunner.run("history", "add", "--db", db(), a.toString(), b.toString());
        assertEquals(0, added.status(), added.err());
        assertTrue(added.out().contains("added run fixture-serving-a (2 results, serving levels 1, 2)"), added.out());

        CliRunner.Outcome list = CliRunner.run("history", "list", "--db", db());
        assertTrue(list.out().contains("server, concurrency 1,2"), list.out());

        CliRunner.Outcome trend = CliRunner.run("history", "trend", "--db", db(), "--model", "fixture-model",
                "--task", "fixture-task", "--metric", "j_per_token", "--concurrency", "2",
                "--out", dir.resolve("c2.png").toString());
        assertEquals(0, trend.status(), trend.err());
        List<String> lines = trend.out().strip().lines().toList();
        assertEquals("serving scenario at concurrency 2: j_per_token is the net J per output token (steady state)",
                lines.get(0));
        assertTrue(lines.get(1).contains("j_per_token (J/output token)"), trend.out());
        assertTrue(lines.get(2).matches(".*fixture-serving-a .* 0\\.004 +\\[0\\.0036, 0\\.0044\\] .*"), trend.out());
        assertTrue(lines.get(3).matches(".*fixture-serving-b .* 0\\.006 +\\[0\\.0054, 0\\.0066\\] .*"), trend.out());

        CliRunner.Outcome none = CliRunner.run("history", "trend", "--db", db(), "--model", "fixture-model",
                "--task", "fixture-task", "--out", dir.resolve("x.png").toString());
        assertEquals(2, none.status(), none.err());
        assertEquals(1, none.err().strip().lines().count(), none.err());
        assertTrue(none.err().contains("at concurrency 1, 2") && none.err().contains("--concurrency N"), none.err());
        assertFalse(Files.exists(dir.resolve("x.png")));

        CliRunner.Outcome zero = CliRunner.run("history", "trend", "--db", db(), "--model", "fixture-model",
                "--task", "fixture-task", "--concurrency", "0");
        assertEquals(2, zero.status(), zero.err());
        assertTrue(zero.err().contains("--concurrency 0 is not a serving level"), zero.err());
    }

    @Test
    void concurrencyOnASingleScenarioHistoryIsBadInput() throws Exception {
        CliRunner.run("history", "add", "--db", db(), run("fixture-run-a", Instant.parse("2026-01-01T10:00:00Z"), 0.5).toString());
        CliRunner.Outcome o = CliRunner.run("history", "trend", "--db", db(), "--model", "fixture-model",
                "--task", "fixture-task", "--concurrency", "2", "--out", dir.resolve("x.png").toString());
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("holds only single-scenario results") && o.err().contains("leave out --concurrency"),
                o.err());
    }

    private String db() {
        return dir.resolve("history.db").toString();
    }

    @Test
    void addListAndTrend() throws Exception {
        Path a = run("fixture-run-a", Instant.parse("2026-01-01T10:00:00Z"), 0.5);
        Path b = run("fixture-run-b", Instant.parse("2026-01-02T10:00:00Z"), 0.25);

        CliRunner.Outcome added = CliRunner.run("history", "add", "--db", db(), a.toString(), b.resolve("results.json").toString());
        assertEquals(0, added.status(), added.err());
        assertTrue(added.out().contains("added run fixture-run-a (1 results)"), added.out());
        assertTrue(added.out().contains("added run fixture-run-b"), added.out());

        CliRunner.Outcome again = CliRunner.run("history", "add", "--db", db(), a.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("run fixture-run-a is already in"), again.out());

        CliRunner.Outcome list = CliRunner.run("history", "list", "--db", db());
        assertEquals(0, list.status(), list.err());
        assertEquals(3, list.out().strip().lines().count(), "a header and two runs: " + list.out());
        assertTrue(list.out().contains("fixture-suite@1"), list.out());

        Path png = dir.resolve("trend.png");
        CliRunner.Outcome trend = CliRunner.run("history", "trend", "--db", db(), "--model", "fixture-model",
                "--task", "fixture-task", "--out", png.toString());
        assertEquals(0, trend.status(), trend.err());
        List<String> lines = trend.out().strip().lines().toList();
        assertTrue(lines.get(1).startsWith("2026-01-01 10:00  fixture-run-a"), trend.out());
        assertTrue(lines.get(1).matches(".* 0\\.5 +\\[0\\.45, 0\\.55\\] .*"), trend.out());
        assertTrue(lines.get(2).matches(".* 0\\.25 +\\[0\\.225, 0\\.275\\] .*"), trend.out());
        assertTrue(lines.get(1).contains("fixture-mode…"), "the model's sha256, shortened: " + trend.out());
        assertEquals("chart: " + png, lines.get(3));
        assertNotNull(ImageIO.read(png.toFile()));

        CliRunner.Outcome accuracy = CliRunner.run("history", "trend", "--db", db(), "--model", "fixture-model",
                "--task", "fixture-task", "--metric", "accuracy", "--out", dir.resolve("acc.png").toString());
        assertEquals(0, accuracy.status(), accuracy.err());
        assertTrue(accuracy.out().lines().skip(1).findFirst().orElseThrow().matches(".* 0\\.5 +\\[0\\.25, 0\\.75\\] .*"),
                accuracy.out());
    }

    @Test
    void anUnknownModelExitsWithTheModelsTheHistoryHolds() throws Exception {
        CliRunner.run("history", "add", "--db", db(), run("fixture-run-a", Instant.parse("2026-01-01T10:00:00Z"), 0.5).toString());
        CliRunner.Outcome o = CliRunner.run("history", "trend", "--db", db(), "--model", "nosuch", "--task", "fixture-task",
                "--out", dir.resolve("x.png").toString());
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("no model 'nosuch'") && o.err().contains("its models: fixture-model"), o.err());
        assertFalse(Files.exists(dir.resolve("x.png")));

        CliRunner.Outcome metric = CliRunner.run("history", "trend", "--db", db(), "--model", "fixture-model",
                "--task", "fixture-task", "--metric", "watts");
        assertEquals(2, metric.status(), metric.err());
        assertTrue(metric.err().contains("unknown metric 'watts'"), metric.err());
    }

    @Test
    void helpPrintsCleanly() {
        // picocli warns about a bad format string on System.err, not on the command's own stream
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String sub : List.of("add", "list", "trend")) {
                CliRunner.Outcome o = CliRunner.run("history", sub, "--help");
                assertEquals(0, o.status(), o.err());
                assertEquals("", o.err());
                assertTrue(o.out().contains("--jdbc-url"), o.out());
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", warnings.toString(java.nio.charset.StandardCharsets.UTF_8), "no picocli warnings");
    }

    @Test
    void anUnreachableHistoryIsBadInput() {
        CliRunner.Outcome o = CliRunner.run("history", "list", "--jdbc-url",
                "jdbc:sqlite:" + dir.resolve("missing-folder/history.db"));
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("cannot open the results history"), o.err());

        CliRunner.Outcome none = CliRunner.run("history", "add", "--db", db(), dir.resolve("no-run").toString());
        assertEquals(2, none.status(), none.err());
        assertTrue(none.err().contains("no results.json at"), none.err());
    }
}
