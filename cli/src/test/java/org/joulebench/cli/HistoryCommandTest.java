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
