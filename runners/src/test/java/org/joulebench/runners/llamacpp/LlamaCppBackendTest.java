package org.joulebench.runners.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationProvider;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.GenerationRequest.Sampling;
import org.joulebench.zoo.ModelEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One tiny random-weight model in one child JVM for the whole class. */
@Timeout(120)
class LlamaCppBackendTest {

    @TempDir
    static Path dir;

    private static GenerationBackend backend;

    @BeforeAll
    static void open() throws Exception {
        Path file = TinyGguf.write(dir.resolve("tiny.gguf"), TinyGguf.Shape.TINY, 42);
        ModelEntry entry = TinyModels.entry(file, TinyGguf.Shape.TINY);
        backend = new LlamaCppProvider().open(entry, file, BackendConfig.cpu(1));
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Test
    void isFoundByServiceLoaderAndSupportsGgufGeneration() {
        GenerationProvider provider = java.util.ServiceLoader.load(GenerationProvider.class).stream()
                .map(java.util.ServiceLoader.Provider::get).filter(p -> p.id().equals("llamacpp")).findFirst()
                .orElseThrow();
        assertInstanceOf(LlamaCppProvider.class, provider);
        assertTrue(provider.supports(TinyModels.entry(dir.resolve("tiny.gguf"), TinyGguf.Shape.TINY)));
        assertEquals("llamacpp", backend.backend());
        assertEquals("cpu", backend.device());
    }

    @Test
    void tokenizesWithTheFileMergesAndNoBos() throws BackendException {
        assertEquals(List.of(TinyGguf.HELLO, TinyGguf.SPACE_WORLD), backend.tokenize("hello world"));
        assertEquals(List.of((int) 'h', (int) 'i', (int) '!'), backend.tokenize("hi!"));
        assertEquals(List.of(), backend.tokenize(""));
    }

    @Test
    void greedyIsDeterministicAcrossCalls() throws BackendException {
        Generation first = backend.generate(GenerationRequest.greedy("hello world", 16), GenerationListener.NONE);
        Generation second = backend.generate(GenerationRequest.greedy("hello world", 16), GenerationListener.NONE);
        assertFalse(first.text().isEmpty());
        assertEquals(first.text(), second.text());
        assertEquals(first.newTokens(), second.newTokens());
        assertEquals(2, first.promptTokens());
        assertTrue(first.newTokens() >= 1 && first.newTokens() <= 16, "newTokens " + first.newTokens());
        assertEquals(List.of(), first.tokens(), "the binding does not expose token ids");
    }

    @Test
    void ignoringEndOfSequenceGivesExactlyTheTokensAsked() throws BackendException {
        Recorder recorder = new Recorder();
        Generation g = backend.generate(new GenerationRequest("hello world", 40, true, Sampling.GREEDY), recorder);
        assertEquals(40, g.newTokens());
        assertFalse(g.stoppedAtEos());
        long pieces = recorder.events.stream().filter(e -> e.startsWith("token")).count();
        assertTrue(pieces >= 1 && pieces <= 40, pieces + " pieces");
        assertEquals(g.text(), recorder.text.toString());
    }

    @Test
    void prefillIsDoneBeforeTheFirstToken() throws BackendException {
        Recorder recorder = new Recorder();
        Generation g = backend.generate(new GenerationRequest("hello world", 8, true, Sampling.GREEDY), recorder);
        assertEquals("prefill 2", recorder.events.get(0));
        assertEquals(1, recorder.events.stream().filter(e -> e.startsWith("prefill")).count());
        assertTrue(recorder.events.get(1).startsWith("token -1 "), recorder.events.toString());
        assertTrue(g.prefillNanos() > 0 && g.decodeNanos() >= 0);
    }

    @Test
    void seededSamplingRepeatsForASeedAndDiffersAcrossSeeds() throws BackendException {
        String a = sample(7);
        assertEquals(a, sample(7));
        List<String> others = new ArrayList<>();
        for (long seed = 8; seed < 11; seed++) {
            others.add(sample(seed));
        }
        assertTrue(others.stream().anyMatch(o -> !o.equals(a)), "three other seeds all gave " + a);
    }

    @Test
    void seedsBeyond32BitsAreRefused() {
        GenerationRequest request = new GenerationRequest("hi", 4, true, new Sampling(1.0, 0, 1L << 32));
        BackendException e = assertThrows(BackendException.class,
                () -> backend.generate(request, GenerationListener.NONE));
        assertTrue(e.getMessage().startsWith("llama.cpp takes a 32-bit unsigned seed"), e.getMessage());
    }

    @Test
    void promptsThatDoNotFitTheContextAreRefusedAndTheChildCarriesOn() throws BackendException {
        BackendException e = assertThrows(BackendException.class, () -> backend.generate(
                new GenerationRequest("hello world", 255, true, Sampling.GREEDY), GenerationListener.NONE));
        assertTrue(e.getMessage().contains("2 prompt tokens + 255 new tokens do not fit the context of 256 tokens"),
                e.getMessage());
        assertEquals(List.of(TinyGguf.HELLO), backend.tokenize("hello"));
    }

    @Test
    void aListenerThatThrowsLeavesTheBackendUsable() throws BackendException {
        GenerationListener failing = new GenerationListener() {
            @Override
            public void prefillDone(int promptTokens) {
                throw new IllegalStateException("listener failed");
            }
        };
        assertThrows(IllegalStateException.class,
                () -> backend.generate(new GenerationRequest("hello", 8, true, Sampling.GREEDY), failing));
        assertEquals(8, backend.generate(new GenerationRequest("hello", 8, true, Sampling.GREEDY),
                GenerationListener.NONE).newTokens());
    }

    @Test
    void cannotScore() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> backend.log2Likelihood("hello", " world"));
        assertTrue(e.getMessage().contains("n_probs"), e.getMessage());
    }

    @Test
    void bareLoopAndBackendBothRun() throws BackendException {
        LlamaCppProvider.BareLoop bare = LlamaCppProvider.measureBareLoop(backend, "hello world", 64);
        assertEquals(64, bare.newTokens());
        assertEquals(2, bare.promptTokens());
        assertTrue(bare.decodeTokensPerSecond() > 0);
        Generation g = backend.generate(new GenerationRequest("hello world", 64, true, Sampling.GREEDY),
                GenerationListener.NONE);
        double backendRate = (g.newTokens() - 1) / (g.decodeNanos() / 1e9);
        System.out.printf(java.util.Locale.ROOT, "llamacpp tiny model, 64 tokens: bare loop %.0f tokens/s, backend %.0f"
                + " tokens/s%n", bare.decodeTokensPerSecond(), backendRate);
    }

    private String sample(long seed) throws BackendException {
        return backend.generate(new GenerationRequest("hello world", 24, true, new Sampling(1.5, 0, seed)),
                GenerationListener.NONE).text();
    }

    /** Remembers what the listener heard, in order. */
    static final class Recorder implements GenerationListener {
        final List<String> events = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        @Override
        public void prefillDone(int promptTokens) {
            events.add("prefill " + promptTokens);
        }

        @Override
        public void token(int id, String piece) {
            events.add("token " + id + " " + piece);
            text.append(piece);
        }
    }
}
