package org.joulebench.runners.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.joulebench.runners.BackendException;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parent's end of the protocol against shell stand-ins for the child: every wait ends. */
@Timeout(30)
class ChildProcessTest {

    @AfterEach
    void noChildSurvives() {
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }

    private static ChildProcess shell(String script) throws BackendException {
        return ChildProcess.start(List.of("sh", "-c", script), "the stand-in");
    }

    @Test
    void aChildThatSaysNothingIsStoppedAtTheTimeout() throws Exception {
        try (ChildProcess child = shell("exec sleep 30")) {
            long start = System.nanoTime();
            BackendException e = assertThrows(BackendException.class, () -> child.next(Duration.ofMillis(300)));
            assertEquals("the stand-in sent nothing for 300 ms; it was stopped", e.getMessage());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
            assertFalse(child.handle().isAlive());
            assertEquals("the stand-in failed earlier; open the model again",
                    assertThrows(BackendException.class, () -> child.next(Duration.ofSeconds(1))).getMessage());
        }
    }

    @Test
    void linesWithoutTheMarkAreLogAndErrorsCarryTheChildsMessage() throws Exception {
        try (ChildProcess child = shell("echo 'Extracted libjllama.so'; echo '" + LlamaCppChild.MARK
                + "{\"ev\":\"ready\"}'; echo '" + LlamaCppChild.MARK
                + "{\"ev\":\"error\",\"message\":\"no model loaded\"}'; echo 'error: it broke' >&2; exec sleep 30")) {
            assertEquals("ready", child.expect("ready", Duration.ofSeconds(5)).path("ev").asText());
            ChildProcess.ChildError e = assertThrows(ChildProcess.ChildError.class,
                    () -> child.next(Duration.ofSeconds(5)));
            assertEquals("no model loaded", e.getMessage());
            assertEquals("no model loaded; llama.cpp said: error: it broke", child.closeWith(e).getMessage());
            assertFalse(child.handle().isAlive());
        }
    }

    @Test
    void aChildThatEndsIsReportedWithItsStatusAndLog() throws Exception {
        try (ChildProcess child = shell("echo 'GGML_ASSERT(it != end) failed' >&2; exit 134")) {
            BackendException e = assertThrows(BackendException.class, () -> child.next(Duration.ofSeconds(5)));
            assertEquals("the stand-in ended with status 134; llama.cpp said: GGML_ASSERT(it != end) failed",
                    e.getMessage());
        }
    }

    @Test
    void anInterruptedWaitStopsTheChild() throws Exception {
        try (ChildProcess child = shell("exec sleep 30")) {
            Thread.currentThread().interrupt();
            BackendException e = assertThrows(BackendException.class, () -> child.next(Duration.ofSeconds(20)));
            assertTrue(Thread.interrupted());
            assertEquals("interrupted while waiting for the stand-in; it was stopped", e.getMessage());
        }
    }

    @Test
    void aGenerationThatStallsFailsAndTheBackendSaysSoAfterwards() throws Exception {
        ChildProcess child = shell("read request; echo '" + LlamaCppChild.MARK
                + "{\"ev\":\"prefill\",\"promptTokens\":2}'; exec sleep 30");
        try (LlamaCppBackend backend = new LlamaCppBackend(child, Duration.ofMillis(300))) {
            BackendException e = assertThrows(BackendException.class, () -> backend.generate(
                    GenerationRequest.greedy("hello", 4), GenerationListener.NONE));
            assertEquals("the stand-in sent nothing for 300 ms; it was stopped", e.getMessage());
            assertFalse(child.handle().isAlive());
        }
    }

    @Test
    void piecesInOneBatchMakeTheTextAndTheDecodeTimeIsTheChilds() throws Exception {
        String m = LlamaCppChild.MARK;
        ChildProcess child = shell("read request; printf '%s\\n' '" + m + "{\"ev\":\"prefill\",\"promptTokens\":2}' '"
                + m + "{\"ev\":\"piece\",\"text\":\"a\"}' '" + m + "{\"ev\":\"piece\",\"text\":\"b\"}' '"
                + m + "{\"ev\":\"done\",\"decodeNanos\":123456789,\"pieces\":2,\"lastPieceEmpty\":false,"
                + "\"promptTokens\":2}'; exec sleep 30");
        List<String> heard = new java.util.ArrayList<>();
        try (LlamaCppBackend backend = new LlamaCppBackend(child, Duration.ofSeconds(5))) {
            Generation g = backend.generate(GenerationRequest.greedy("hello", 2), new GenerationListener() {
                @Override
                public void prefillDone(int promptTokens) {
                    heard.add("prefill " + promptTokens);
                }

                @Override
                public void token(int id, String piece) {
                    heard.add(id + " " + piece);
                }
            });
            assertEquals(List.of("prefill 2", "-1 a", "-1 b"), heard);
            assertEquals("ab", g.text());
            assertEquals(123_456_789L, g.decodeNanos());
            assertEquals(2, g.newTokens());
        }
    }

    @Test
    void aDoneWithoutTheDecodeTimeIsAnError() throws Exception {
        ChildProcess child = shell("read request; echo '" + LlamaCppChild.MARK
                + "{\"ev\":\"done\",\"pieces\":0,\"promptTokens\":2}'; exec sleep 30");
        try (LlamaCppBackend backend = new LlamaCppBackend(child, Duration.ofSeconds(5))) {
            BackendException e = assertThrows(BackendException.class, () -> backend.generate(
                    GenerationRequest.greedy("hello", 2), GenerationListener.NONE));
            assertTrue(e.getMessage().startsWith("the llama.cpp child ended a generation without its decode time"),
                    e.getMessage());
        }
    }

    @Test
    void closeDestroysAChildThatIgnoresQuit() throws Exception {
        ChildProcess child = shell("trap '' TERM; while true; do sleep 1; done");
        long start = System.nanoTime();
        child.close();
        assertFalse(child.handle().isAlive());
        long took = System.nanoTime() - start;
        assertTrue(took >= ChildProcess.EXIT_GRACE.toNanos() - Duration.ofMillis(100).toNanos(),
                "close waits for the child before destroying it, took " + took / 1_000_000 + " ms");
    }
}
