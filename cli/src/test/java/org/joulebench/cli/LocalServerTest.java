package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.joulebench.harness.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --serve-local}'s child: started, found by its one "listening on" line, stopped at the end; one that fails,
 * or says nothing, is a one-line error in bounded time, and never outlives the run. The server is a shell stand-in
 * for {@code joulebench serve} here, keeping to its contract; the real command is used where this build has it.
 */
class LocalServerTest {

    @TempDir
    Path dir;

    private final StringWriter said = new StringWriter();

    private static Function<List<String>, List<String>> shell(String script) {
        return args -> List.of("bash", "-c", script);
    }

    private LocalServer start(String script, Duration timeout) throws InputException {
        return LocalServer.start("kjv-small", "java", new PrintWriter(said, true), timeout, shell(script), () -> true);
    }

    @Test
    void theServerIsFoundByItsLineAndStoppedOnClose() throws Exception {
        LocalServer server = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> start(
                "echo 'loading…'; echo 'listening on http://127.0.0.1:45678/v1 (java, kjv-small)'; exec sleep 60",
                Duration.ofSeconds(20)));
        ProcessHandle child = ProcessHandle.current().children().filter(ProcessHandle::isAlive).findFirst()
                .orElseThrow();
        try (server) {
            assertEquals("http://127.0.0.1:45678/v1", server.model().url());
            assertEquals("kjv-small", server.model().model(), "the id it was started with, where /models is silent");
            assertTrue(server.model().startedByRun());
            assertTrue(said.toString().contains("listens on http://127.0.0.1:45678/v1"), said.toString());
        }
        assertTrue(child.onExit().toCompletableFuture().isDone() || !child.isAlive(), "stopped on close");
    }

    @Test
    void aServerThatExitsFirstIsOneLineWithItsLastWords() {
        InputException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(InputException.class,
                () -> start("echo 'serve: port 8080 is in use' >&2; exit 3", Duration.ofSeconds(20))));
        assertTrue(e.getMessage().contains("exited (status 3) before it said where it listens; it said: serve: port"
                + " 8080 is in use"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aServerThatSaysNothingIsStoppedAfterTheTimeout() {
        InputException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(InputException.class,
                () -> start("echo 'still loading' >&2; exec sleep 60", Duration.ofSeconds(1))));
        assertTrue(e.getMessage().startsWith("--serve-local: `joulebench serve` did not say where it listens within"
                + " 1 s; it said: still loading"), e.getMessage());
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(),
                "the silent server was stopped");
    }

    @Test
    void aBuildWithoutServeSaysSo() {
        InputException e = assertThrows(InputException.class, () -> LocalServer.start("kjv-small", "java",
                new PrintWriter(said, true), Duration.ofSeconds(1), shell("exit 0"), () -> false));
        assertTrue(e.getMessage().contains("needs the `joulebench serve` command"), e.getMessage());
    }

    @Test
    void aRunWithServeLocalMeasuresTheServerAsItsChild() throws Exception {
        assumeTrue(Joulebench.hasServe(), "this build has no `joulebench serve` command (it is built on another"
                + " branch): --serve-local is refused here, see GpuOptionsTest");
        CliRunner.Outcome o = assertTimeoutPreemptively(Duration.ofMinutes(5), () -> CliRunner.run("run", "--suite",
                "generation", "--serve-local", "kjv-small", "--meter", "estimate", "--limit", "2", "--repetitions",
                "1", "--warmup", "0", "--idle-seconds", "0", "--out", dir.resolve("o").toString()));
        assertEquals(0, o.status(), o.err());
        JsonNode row = new ObjectMapper().readTree(dir.resolve("o/results.json").toFile()).path("results").get(0);
        assertEquals("openai", row.path("backend").asText());
        assertTrue(row.path("energy").path("boundary").asText().contains("is a child process of this run"),
                row.toString());
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(),
                "the server was stopped at the end");
        assertTrue(Files.exists(dir.resolve("o/queries.csv")));
    }
}
