package org.joulebench.runners.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.zoo.ModelEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child processes end with their backend, and every failure of the child is an exception in bounded time. */
class LlamaCppLifecycleTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static Path model;
    private static ModelEntry entry;

    @BeforeAll
    static void writeModel() throws Exception {
        model = TinyGguf.write(dir.resolve("tiny.gguf"), TinyGguf.Shape.TINY, 42);
        entry = TinyModels.entry(model, TinyGguf.Shape.TINY);
    }

    @AfterEach
    void noChildSurvives() {
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }

    @Test
    void closeEndsTheChild() {
        assertTimeoutPreemptively(BOUND, () -> {
            LlamaCppBackend backend = (LlamaCppBackend) new LlamaCppProvider().open(entry, model, BackendConfig.cpu(1));
            ProcessHandle child = backend.childProcess();
            assertTrue(child.isAlive());
            assertTrue(ProcessHandle.current().descendants().anyMatch(p -> p.pid() == child.pid()));
            backend.generate(GenerationRequest.greedy("hello", 4), GenerationListener.NONE);
            backend.close();
            assertFalse(child.isAlive());
            backend.close(); // twice is fine
            BackendException e = assertThrows(BackendException.class, () -> backend.tokenize("hello"));
            assertEquals("the llama.cpp backend is closed", e.getMessage());
        });
    }

    @Test
    void theChildExitsWhenItsStdinClosesEvenWithAModelLoaded() throws Exception {
        // What happens when the harness dies without closing: the binding's native thread must not keep it alive.
        Process child = new ProcessBuilder(ChildProcess.command()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            child.getOutputStream().write(("{\"op\":\"load\",\"path\":\"" + model + "\",\"threads\":1,\"ctx\":256}\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            child.getOutputStream().flush();
            var answers = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String ready = assertTimeoutPreemptively(BOUND, () -> {
                String line;
                while ((line = answers.readLine()) != null && !line.startsWith(LlamaCppChild.MARK)) {
                    // the binding's own chatter on stdout is not part of the protocol
                }
                return line;
            });
            assertTrue(ready.startsWith(LlamaCppChild.MARK + "{\"ev\":\"ready\""), ready);
            child.getOutputStream().close();
            assertTrue(child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the child outlived its stdin");
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void aCorruptFileIsAnErrorWithLlamaCppsReason() throws Exception {
        Path corrupt = Files.writeString(dir.resolve("corrupt.gguf"), "this is not a GGUF file at all");
        BackendException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(BackendException.class,
                () -> new LlamaCppProvider().open(entry, corrupt, BackendConfig.cpu(1))));
        assertTrue(e.getMessage().startsWith("llamacpp could not load " + corrupt + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("llama.cpp said:"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("magic"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsAnErrorToo() throws Exception {
        byte[] whole = Files.readAllBytes(model);
        Path truncated = Files.write(dir.resolve("truncated.gguf"), Arrays.copyOf(whole, whole.length / 2));
        BackendException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(BackendException.class,
                () -> new LlamaCppProvider().open(entry, truncated, BackendConfig.cpu(1))));
        assertTrue(e.getMessage().startsWith("llamacpp could not load " + truncated + ": "), e.getMessage());
    }

    @Test
    void aMissingFileOrAnotherDeviceIsRefusedBeforeAnyChildStarts() {
        BackendException missing = assertThrows(BackendException.class,
                () -> new LlamaCppProvider().open(entry, dir.resolve("none.gguf"), BackendConfig.cpu(1)));
        assertTrue(missing.getMessage().endsWith("none.gguf of tiny-llama does not exist"), missing.getMessage());
        BackendException cuda = assertThrows(BackendException.class,
                () -> new LlamaCppProvider().open(entry, model, new BackendConfig(1, "cuda")));
        assertTrue(cuda.getMessage().startsWith("--device cuda cannot apply to llamacpp: it puts layers on the GPU"
                + " with --gpu-layers N instead"), cuda.getMessage());
    }

    @Test
    void aChildThatDiesIsAnErrorNotAHang() {
        assertTimeoutPreemptively(BOUND, () -> {
            LlamaCppBackend backend = (LlamaCppBackend) new LlamaCppProvider().open(entry, model, BackendConfig.cpu(1));
            try {
                backend.childProcess().destroyForcibly();
                backend.childProcess().onExit().join();
                BackendException e = assertThrows(BackendException.class, () -> backend.generate(
                        GenerationRequest.greedy("hello", 4), GenerationListener.NONE));
                assertTrue(e.getMessage().contains("the llama.cpp child"), e.getMessage());
                BackendException again = assertThrows(BackendException.class, () -> backend.tokenize("hello"));
                assertTrue(again.getMessage().startsWith("the llama.cpp child failed earlier; open the model again"),
                        again.getMessage());
            } finally {
                backend.close();
            }
        });
    }
}
