package org.joulebench.runners.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.GenerationRequest.Sampling;
import org.joulebench.runners.SharedGenerator;
import org.joulebench.zoo.ModelEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** llama.cpp with parallel slots behind {@link SharedGenerator}: concurrent requests multiplexed over one child. */
@Timeout(180)
class LlamaCppParallelTest {

    @TempDir
    Path dir;

    static final List<GenerationRequest> REQUESTS = List.of(
            new GenerationRequest("hello world", 24, true, Sampling.GREEDY),
            new GenerationRequest("hi!", 9, true, Sampling.GREEDY),
            new GenerationRequest("hello", 17, true, Sampling.GREEDY),
            new GenerationRequest("world hello world", 30, true, Sampling.GREEDY),
            new GenerationRequest("h", 5, true, Sampling.GREEDY));

    @Test
    void concurrentCallersShareSlotsAndEachGetsWhatItGetsAlone() throws Exception {
        Path file = TinyGguf.write(dir.resolve("tiny.gguf"), TinyGguf.Shape.TINY, 42);
        ModelEntry entry = TinyModels.entry(file, TinyGguf.Shape.TINY);
        GenerationBackend backend = new LlamaCppProvider().open(entry, file, BackendConfig.cpu(1));
        List<String> alone = new ArrayList<>();
        for (GenerationRequest r : REQUESTS) {
            alone.add(backend.generate(r, GenerationListener.NONE).text());
        }
        ExecutorService pool = Executors.newCachedThreadPool();
        SharedGenerator g = SharedGenerator.of(backend, 3);
        try {
            assertEquals(3, g.maxBatch());
            assertEquals(Optional.empty(), g.whyNotBatched());
            assertTrue(backend.concurrent(), "with slots the backend takes concurrent calls");
            List<Future<Generation>> results = new ArrayList<>();
            List<StringBuilder> heard = new ArrayList<>();
            for (GenerationRequest r : REQUESTS) {
                StringBuilder pieces = new StringBuilder();
                heard.add(pieces);
                results.add(pool.submit(() -> g.generate(r, new GenerationListener() {
                    @Override
                    public void token(int id, String piece) {
                        pieces.append(piece);
                    }
                })));
            }
            Future<Generation> tooLong = pool.submit(() -> g.generate(
                    new GenerationRequest("hello world", 255, true, Sampling.GREEDY), GenerationListener.NONE));
            Future<List<Integer>> tokens = pool.submit(() -> backend.tokenize("hello world"));
            for (int i = 0; i < REQUESTS.size(); i++) {
                Generation gen = results.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(alone.get(i), gen.text(), "request " + i);
                assertEquals(REQUESTS.get(i).maxNewTokens(), gen.newTokens());
                assertEquals(gen.text(), heard.get(i).toString());
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> tooLong.get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("do not fit the context of 256 tokens"),
                    e.getCause().getMessage());
            assertEquals(List.of(TinyGguf.HELLO, TinyGguf.SPACE_WORLD), tokens.get(60, TimeUnit.SECONDS));
        } finally {
            g.close();
            pool.shutdownNow();
        }
        BackendException closed = assertThrows(BackendException.class,
                () -> backend.generate(REQUESTS.get(0), GenerationListener.NONE));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    void aBackendThatCannotReloadIsServedInTurnAndSaysWhy() throws Exception {
        Path file = TinyGguf.write(dir.resolve("tiny.gguf"), TinyGguf.Shape.TINY, 42);
        ModelEntry entry = TinyModels.entry(file, TinyGguf.Shape.TINY);
        GenerationBackend opened = new LlamaCppProvider().open(entry, file, BackendConfig.cpu(1));
        LlamaCppBackend backend = (LlamaCppBackend) opened;
        // The same child, but a backend over it that has no model file to reload.
        LlamaCppBackend fixed = new LlamaCppBackend(childOf(backend), java.time.Duration.ofSeconds(30));
        try (SharedGenerator g = SharedGenerator.of(fixed, 4)) {
            assertEquals(1, g.maxBatch());
            String why = g.whyNotBatched().orElseThrow();
            assertTrue(why.startsWith("the llamacpp engine could not make room for 4 sequences: "), why);
            assertEquals(5, g.generate(REQUESTS.get(4), GenerationListener.NONE).newTokens());
        }
    }

    private static ChildProcess childOf(LlamaCppBackend backend) throws ReflectiveOperationException {
        java.lang.reflect.Field field = LlamaCppBackend.class.getDeclaredField("child");
        field.setAccessible(true);
        return (ChildProcess) field.get(backend);
    }
}
