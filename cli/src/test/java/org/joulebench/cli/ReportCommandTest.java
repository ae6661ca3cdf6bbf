package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.HostInfo;
import org.joulebench.harness.IdleBaseline;
import org.joulebench.harness.MeterInfo;
import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.RunInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code joulebench report} over result folders made up here (hosts "fixture-host-a" and "fixture-host-b"). */
class ReportCommandTest {

    @TempDir
    Path dir;

    @Test
    void twoFoldersGiveTheWholeReport() throws Exception {
        Path a = folder("fixture-host-a", 0.5);
        Path b = folder("fixture-host-b", 0.75);

        CliRunner.Outcome o = CliRunner.run("report", a.toString(), b.toString(), "--out", dir.resolve("r").toString(),
                "--grid-intensity", "400", "--pue", "1.5");

        assertEquals(0, o.status(), o.err());
        for (String f : List.of("report.md", "report.html", "report.csv", "charts/j-per-query-by-host-fixture-task.png",
                "charts/j-per-token-by-host-fixture-task.png", "charts/accuracy-vs-j-per-query-fixture-task.png")) {
            assertTrue(Files.isRegularFile(dir.resolve("r").resolve(f)), f);
        }
        String md = Files.readString(dir.resolve("r/report.md"));
        assertTrue(md.contains("- **Basis:** given by --grid-intensity"), md);
        // 0.5 J/query × 1000 queries = 500 J = 1/7200 kWh; × 400 g/kWh × 1.5 = 0.08333 g
        assertTrue(md.contains("| 0.08333 |"), md);
        assertTrue(md.contains("joulebench report " + a), "the report's own command: " + md);
    }

    @Test
    void labelsWritesAnEnergyLabelPerModelTaskAndRun() throws Exception {
        Path a = folder("fixture-host-a", 0.5);
        Path b = folder("fixture-host-b", 0.75);

        CliRunner.Outcome o = CliRunner.run("report", a.toString(), b.toString(), "--out", dir.resolve("r").toString(),
                "--labels");

        assertEquals(0, o.status(), o.err());
        try (var files = Files.list(dir.resolve("r/labels"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.size() >= 4 && names.stream().allMatch(n -> n.startsWith("fixture-task--")
                    && (n.endsWith(".svg") || n.endsWith(".png"))), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.contains("fixture-host-a")), "the run in the name: " + names);
        }
        CliRunner.Outcome without = CliRunner.run("report", a.toString(), "--out", dir.resolve("s").toString());
        assertEquals(0, without.status(), without.err());
        assertTrue(Files.notExists(dir.resolve("s/labels")), "labels only when asked for");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path a = folder("fixture-host-a", 0.5);
        String out = dir.resolve("r").toString();
        assertBad(CliRunner.run("report", dir.resolve("nosuch").toString(), "--out", out), "cannot read the result folder");
        assertBad(CliRunner.run("report", dir.toString(), "--out", out), "no results.json");
        assertBad(CliRunner.run("report", a.toString(), "--out", out, "--pue", "1.2"), "--pue needs a grid intensity");
        assertBad(CliRunner.run("report", a.toString(), "--out", out, "--region", "XX"), "--region XX is not in the table");
        assertBad(CliRunner.run("report", a.toString(), "--out", out, "--region", "DE", "--grid-intensity", "3"),
                "both give a grid intensity");
        assertBad(CliRunner.run("report", a.toString(), "--out", out, "--region", "DE", "--pue", "0.5"),
                "--pue 0.5 is below 1");
        assertFalse(Files.exists(dir.resolve("r")), "nothing written");
    }

    private static void assertBad(CliRunner.Outcome o, String expected) {
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains(expected), o.err());
    }

    /** A results.json of one made-up result on a made-up host. */
    private Path folder(String host, double jPerQuery) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(host));
        TaskModelResult result = new TaskModelResult("fixture-task", "fixture-model", "onnx", "cpu", "fp32", 1_000_000L,
                2, 20, 200, new TaskModelResult.Accuracy("accuracy@1", 0.5, List.of(0.3, 0.7), 10, "items", Map.of()),
                new TaskModelResult.EnergyResult("estimate", "ESTIMATE", "fixture boundary", "query", 20 * jPerQuery + 1,
                        20 * jPerQuery, Stat.of(jPerQuery, jPerQuery * 0.9, jPerQuery * 1.1, 2, "repetitions"),
                        Stat.of(jPerQuery / 10, jPerQuery / 11, jPerQuery / 9, 2, "repetitions"), 0.1, 0.5),
                new TaskModelResult.Throughput(Stat.of(100, 90, 110, 2, "repetitions"), 10), new TaskModelResult.Latency(1, 2));
        RunResult r = new RunResult(RunResult.SCHEMA,
                new RunInfo("fixture-run-" + host, Instant.parse("2026-01-02T03:04:05Z"),
                        Instant.parse("2026-01-02T03:05:05Z"), "0.1.0-fixture", 1L, "joulebench run --limit 10",
                        new RunInfo.SuiteInfo("fixture-suite", "1", "00".repeat(32)), Map.of()),
                new HostInfo(host, "FixtureVendor", "Fixture CPU " + host, "fixture-arch", 2, 4, 8L << 30, "Fixture OS",
                        "6.1-fixture", "fixture JVM", List.of(), null),
                List.of(new MeterInfo("estimate", "ESTIMATE", List.of("CPU_PACKAGE"), "used", "fixture", null,
                        "fixture boundary", null)),
                new IdleBaseline(2, "ESTIMATE", 1, 2, "fixture boundary", 0.5), List.of(result), List.of());
        try (OutputStream out = Files.newOutputStream(folder.resolve("results.json"))) {
            ResultCodec.write(r, out);
        }
        return folder;
    }
}
