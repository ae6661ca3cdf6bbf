package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.harness.ResultFolder;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code run --scenario server}: bad input refused before anything is measured, and a small run end to end. */
class ServingScenarioTest {

    @TempDir
    Path dir;

    private static final double WATTS = 7;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--scenario server --concurrency 0|--concurrency must be whole numbers >= 1",
            "--scenario server --concurrency -2|--concurrency must be whole numbers >= 1",
            "--scenario server --concurrency 1,x|'x' is not",
            "--scenario server --concurrency 1,,2|'' is not",
            "--scenario server --concurrency 2,2|names a level twice",
            "--concurrency 1,2|--concurrency applies only to the server scenario",
            "--slo-tpot-ms 50|--slo-tpot-ms applies only to the server scenario",
            "--scenario batch|--scenario must be single or server",
            "--scenario server --concurrency 4 --requests 6|leaves no steady state",
            "--scenario server --concurrency 1 --rate 0|--rate must be a number of requests per second > 0",
            "--scenario server --concurrency 1 --rate fast|--rate must be a number",
            "--scenario server|has no --concurrency levels",
            "--scenario server --concurrency 1 --forks 2|--forks applies only to the single scenario",
    })
    void badServingInputIsOneLineAndExit2(String args, String expected) {
        List<String> argv = new java.util.ArrayList<>(List.of("run", "--suite", "generation", "--models", "kjv-small",
                "--backend", "java", "--meter", "estimate", "--idle-seconds", "0", "--out",
                dir.resolve("o").toString()));
        argv.addAll(List.of(args.split(" ")));
        CliRunner.Outcome o = CliRunner.run(argv.toArray(String[]::new));
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains(expected), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(Files.exists(dir.resolve("o")), "nothing written");
    }

    @Test
    void aSuiteOfEmbeddingTasksOnlyHasNothingToServe() {
        CliRunner.Outcome o = CliRunner.run("run", "--models", "all-minilm-l6-v2-q", "--meter", "estimate",
                "--idle-seconds", "0", "--scenario", "server", "--concurrency", "1", "--out", dir.resolve("o").toString());
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void serverScenarioEndToEndOnTheJavaEngineWithAFakeRaplTree() throws Exception {
        Path root = dir.resolve("powercap");
        Path out = dir.resolve("run");
        CliRunner.Outcome o;
        try (FakeCounterFeed feed = FakeCounterFeed.start(root.resolve("intel-rapl:0"), "package-0", WATTS, 1000,
                262143328850L)) {
            o = CliRunner.run("run", "--powercap-root", root.toString(), "--meter", "rapl", "--suite", "generation",
                    "--models", "kjv-small", "--backend", "java", "--scenario", "server", "--concurrency", "1,2",
                    "--requests", "12", "--slo-tpot-ms", "1000", "--repetitions", "1", "--warmup", "1",
                    "--idle-seconds", "0.2", "--limit", "6", "--seed", "5", "--out", out.toString());
        }
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("kjv-bits-per-char was skipped"), "the scoring task is skipped with a warning");
        RunResult r = ResultFolder.read(out);
        List<TaskModelResult> rows = r.results();
        assertEquals(List.of(1, 2), rows.stream().map(TaskModelResult::concurrency).toList(), "one entry per level");
        for (TaskModelResult t : rows) {
            TaskModelResult.ServingStats s = t.serving();
            assertNotNull(s);
            assertEquals("kjv-verse-completion", t.task());
            assertEquals(12, s.responses());
            assertEquals(12, s.requests());
            assertEquals("COUNTER", t.energy().method());
            assertEquals("steady-state", t.energy().window());
            assertTrue(s.steadyTokens() > 0 && s.steadyTokens() <= s.levelOutputTokens());
            assertTrue(s.steadySeconds() < s.levelSeconds(), "the steady state is inside the level");
            // J/token × tokens is the window's net energy.
            assertEquals(s.steadyJoulesNet(), s.jPerOutputToken().mean() * s.steadyTokens(),
                    1e-9 * Math.abs(s.steadyJoulesNet()));
            // The fake tree draws WATTS: the counter read at the window's two ends gives WATTS × its length.
            assertEquals(WATTS * s.steadySeconds(), s.steadyJoulesGross(), 0.02 * WATTS * s.steadySeconds());
            assertEquals(WATTS * s.levelSeconds(), s.levelJoulesGross(), 0.02 * WATTS * s.levelSeconds());
            assertNotNull(s.tpotMs());
            assertTrue(s.tpotMs().p50() <= s.tpotMs().p90() && s.tpotMs().p90() <= s.tpotMs().p99());
            assertEquals(1000.0, s.sloTpotMs());
            assertEquals(s.tpotMs().p50() <= 1000.0, s.meetsSlo());
            assertEquals(null, s.whyNotBatched(), "the java engine batches its streams");
        }
        List<String> csv = Files.readAllLines(out.resolve("queries.csv"));
        assertTrue(csv.get(0).endsWith(",concurrency,joules_gross_cpu_package,joules_net_cpu_package"), csv.get(0));
        assertEquals(24, csv.size() - 1, "one row per response");
        assertEquals(24, r.queries().size());
        assertEquals(12, r.queries().stream().filter(q -> Integer.valueOf(2).equals(q.concurrency())).count());
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("Serving"), "the report has a serving section");
    }

    @Test
    void theSingleScenarioHasNoConcurrency() throws Exception {
        Path out = dir.resolve("single");
        CliRunner.Outcome o = CliRunner.run("run", "--meter", "estimate", "--suite", "generation", "--models",
                "kjv-small", "--backend", "java", "--repetitions", "1", "--warmup", "0", "--idle-seconds", "0",
                "--limit", "2", "--out", out.toString());
        assertEquals(0, o.status(), o.err());
        RunResult r = ResultFolder.read(out);
        r.results().forEach(t -> assertNull(t.concurrency()));
        r.results().forEach(t -> assertNull(t.serving()));
        assertTrue(r.queries().stream().allMatch(q -> q.concurrency() == null));
        assertFalse(Files.readString(out.resolve("results.json")).contains("\"serving\" : {"));
    }
}
