package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sun.misc.Signal;

/**
 * A run interrupted halfway keeps every query it measured: SIGTERM gives a partial folder (every format, status
 * partial, exit 143); a run killed outright leaves its journal, which a new run into the same folder will not delete.
 */
class InterruptedRunTest {

    @TempDir
    Path dir;

    private static long journalQueries(Path journal) {
        return JoulebenchProcess.read(journal).lines().filter(l -> l.startsWith("{\"type\":\"query\"")).count();
    }

    @Test
    void sigtermHalfwayWritesAPartialFolderHoldingEveryMeasuredQueryAndResumeFinishesIt() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/proc/self/status")), "needs POSIX signals");
        Path out = dir.resolve("run");
        Path journal = dir.resolve(".run.incomplete").resolve(Journal.FILE);
        // In this JVM: the run's handler holds SIGTERM from before its first query until its reports are written,
        // and the signal is raised only once the journal shows queries, so it can only reach that handler.
        CompletableFuture<CliRunner.Outcome> run = CompletableFuture.supplyAsync(() -> CliRunner.run("run",
                "--models", "all-minilm-l6-v2", "--limit", "40", "--repetitions", "12", "--idle-seconds", "0",
                "--warmup", "1", "--out", out.toString()));
        assertTrue(JoulebenchProcess.await(() -> journalQueries(journal) >= 30 || run.isDone(), 240),
                "the run measured queries");
        assertFalse(run.isDone(), "still running: " + (run.isDone() ? run.get().err() : ""));
        Signal.raise(new Signal("TERM"));
        CliRunner.Outcome o = run.get(120, TimeUnit.SECONDS);

        assertEquals(143, o.status(), o.err());
        assertTrue(o.err().contains("interrupted (SIGTERM): " + out + " holds the "), o.err());
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("partial", results.get("status").asText());
        assertTrue(results.get("warnings").get(0).asText().startsWith("partial: the run was interrupted after "));
        long kept = journalQueries(out.resolve(Journal.FILE));
        assertTrue(kept >= 30 && kept < 2 * 40 * 12, "kept " + kept);
        List<String> csv = Files.readAllLines(out.resolve("queries.csv"));
        assertEquals(kept, csv.size() - 1, "queries.csv holds every query the journal does");
        for (String f : List.of("report.md", "report.html")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertTrue(Files.readString(out.resolve("report.md")).lines().findFirst().orElse("").endsWith(
                "(partial: interrupted)"), "the report says so first");
        assertFalse(o.err().contains("\tat "), o.err());

        // Finishing it: the same arguments and seed from the journal; the kept queries are not measured again.
        CliRunner.Outcome done = CliRunner.run("run", "--resume", out.toString());
        assertEquals(0, done.status(), done.err());
        JsonNode finished = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("complete", finished.get("status").asText());
        assertEquals(results.get("run").get("id").asText(), finished.get("run").get("id").asText(), "the same run");
        assertEquals(2 * 40 * 12 + 1, Files.readAllLines(out.resolve("queries.csv")).size(),
                "every query of both tasks and all 12 repetitions, once");
        assertEquals(2 * 40 * 12, journalQueries(out.resolve(Journal.FILE)), "the journal holds each query once");
        String resumedWarning = finished.get("warnings").toString();
        assertTrue(resumedWarning.contains("resumed: " + kept + " queries come from the journal of the interrupted"
                + " run"), resumedWarning);
        assertFalse(Files.exists(dir.resolve(".run.incomplete")), "nothing left beside it");

        CliRunner.Outcome twice = CliRunner.run("run", "--resume", out.toString());
        assertEquals(2, twice.status());
        assertTrue(twice.err().contains("the run is complete"), twice.err());
        CliRunner.Outcome withOptions = CliRunner.run("run", "--resume", out.toString(), "--limit", "3");
        assertEquals(2, withOptions.status());
        assertTrue(withOptions.err().contains("--resume takes no other option"), withOptions.err());
    }

    @Test
    void eachQueryIsInTheJournalAsSoonAsItIsMeasured() throws Exception {
        try (Journal journal = Journal.open(dir, Map.of("id", "fixture-run"))) {
            journal.line("{\"type\":\"query\",\"item\":\"i1\",\"joules_gross\":0.5}");
            // Not closed yet, as in a run killed now: the line is already in the file, whole.
            List<String> lines = Files.readAllLines(dir.resolve(Journal.FILE));
            assertEquals(2, lines.size(), lines.toString());
            JsonNode q = new ObjectMapper().readTree(lines.get(1));
            assertEquals("query", q.get("type").asText());
            assertEquals("i1", q.get("item").asText());
            assertEquals(0.5, q.get("joules_gross").asDouble());
            assertEquals("run", new ObjectMapper().readTree(lines.get(0)).get("type").asText());
            assertFalse(journal.failed());
        }
    }

    @Test
    void aJournalLeftByAKilledRunIsNeitherDeletedNorOverwritten() throws Exception {
        Path out = dir.resolve("run");
        Path staging = dir.resolve(".run.incomplete");
        Files.createDirectories(staging);
        try (Journal journal = Journal.open(staging, Map.of("id", "fixture-killed-run"))) {
            for (int i = 0; i < 3; i++) {
                journal.line("{\"type\":\"query\",\"item\":\"i" + i + "\"}");
            }
        }
        CliRunner.Outcome again = CliRunner.run("run", "--models", "all-minilm-l6-v2", "--limit", "5", "--out",
                out.toString());
        assertEquals(2, again.status(), again.err());
        assertEquals(1, again.err().strip().lines().count(), again.err());
        assertTrue(again.err().contains("left the 3 queries it measured in " + staging.resolve(Journal.FILE)),
                again.err());
        assertEquals(3, journalQueries(staging.resolve(Journal.FILE)), "nothing was deleted");
    }

    @Test
    void resumeRefusesWhatItCannotFinish() throws Exception {
        Path none = dir.resolve("no-journal");
        Files.createDirectories(none);
        CliRunner.Outcome o = CliRunner.run("run", "--resume", none.toString());
        assertEquals(2, o.status(), o.err());
        assertTrue(o.err().contains("no " + Journal.FILE + " there"), o.err());

        Path other = dir.resolve("other-version");
        Files.createDirectories(other);
        Files.writeString(other.resolve(Journal.FILE), "{\"type\":\"run\",\"id\":\"fixture\",\"version\":"
                + "\"0.0.1-fixture\",\"seed\":1,\"args\":[\"--limit\",\"3\"]}\n");
        o = CliRunner.run("run", "--resume", other.toString());
        assertEquals(2, o.status(), o.err());
        assertTrue(o.err().contains("cannot resume: the run was made by joulebench 0.0.1-fixture"), o.err());

        Path garbage = dir.resolve("not-a-journal");
        Files.createDirectories(garbage);
        Files.writeString(garbage.resolve(Journal.FILE), "hello\n");
        o = CliRunner.run("run", "--resume", garbage.toString());
        assertEquals(2, o.status(), o.err());
        assertTrue(o.err().contains(":1: not the first line of a run's journal"), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }
}
