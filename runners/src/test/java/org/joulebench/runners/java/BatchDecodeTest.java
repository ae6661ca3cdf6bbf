package org.joulebench.runners.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.joulebench.runners.BackendException;
import org.joulebench.runners.DecodeBatch;
import org.joulebench.runners.DecodeBatch.Sequence;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.GenerationRequest.Sampling;
import org.joulebench.runners.SharedGenerator;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.SyntheticLlama;
import org.joulebench.zoo.gguf.SyntheticLlama.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java engine's batched decode against its single path, alone and behind {@link SharedGenerator}. */
class BatchDecodeTest {

    /** Two layers, grouped-query attention, a context long enough for prompts over one prefill chunk. */
    static final Shape SHAPE = new Shape(2, 64, 4, 2, 128, 320, 128);

    /** Prompts of different lengths (one over {@link Forward#BATCH} tokens), each with its own token count. */
    static final List<GenerationRequest> REQUESTS = List.of(
            new GenerationRequest("The energy of the run", 12, true, Sampling.GREEDY),
            new GenerationRequest("a", 5, true, Sampling.GREEDY),
            new GenerationRequest("In the beginning the harness measured the joules of every token, and the"
                    + " meters agreed with each other", 9, true, Sampling.GREEDY),
            new GenerationRequest("", 7, true, Sampling.GREEDY),
            new GenerationRequest("Sampled with a seed", 10, true, new Sampling(0.9, 20, 7)),
            new GenerationRequest("Counted in watts", 16, true, Sampling.GREEDY));

    @TempDir
    static Path dir;
    static Path f32;
    static Path q8;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeAll
    static void writeModels() throws IOException {
        f32 = dir.resolve("f32.gguf");
        q8 = dir.resolve("q8.gguf");
        SyntheticLlama.write(f32, SHAPE, GgmlType.F32, 11);
        SyntheticLlama.write(q8, SHAPE, GgmlType.Q8_0, 11);
    }

    @AfterEach
    void closeAll() throws Exception {
        pool.shutdownNow();
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private JavaLlamaBackend engine(Path file, int threads) throws BackendException {
        JavaLlamaBackend b = JavaLlamaProvider.open(file, threads, true);
        open.add(b);
        return b;
    }

    /** Each request's generation on the single path, one after another on one engine. */
    private List<Generation> alone(Path file, int threads, List<GenerationRequest> requests) throws Exception {
        JavaLlamaBackend b = engine(file, threads);
        List<Generation> out = new ArrayList<>();
        for (GenerationRequest r : requests) {
            out.add(b.generate(r, GenerationListener.NONE));
        }
        return out;
    }

    /** All requests in one batch: joined together, stepped together, each leaving when it ends. */
    private static List<List<Integer>> batched(JavaLlamaBackend b, List<GenerationRequest> requests)
            throws BackendException {
        List<List<Integer>> tokens = new ArrayList<>();
        try (DecodeBatch batch = b.openBatch(requests.size())) {
            assertEquals(requests.size(), batch.capacity());
            List<Sequence> live = new ArrayList<>();
            List<Integer> owner = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                tokens.add(new ArrayList<>());
                Sequence s = batch.join(requests.get(i));
                tokens.get(i).add(s.next().id());
                live.add(s);
                owner.add(i);
            }
            while (!live.isEmpty()) {
                for (int i = live.size() - 1; i >= 0; i--) {
                    if (live.get(i).ended()) {
                        live.remove(i).leave();
                        owner.remove(i);
                    }
                }
                if (live.isEmpty()) {
                    break;
                }
                batch.step(live);
                for (int i = 0; i < live.size(); i++) {
                    tokens.get(owner.get(i)).add(live.get(i).next().id());
                }
            }
        }
        return tokens;
    }

    @Test
    void aBatchGivesEachSequenceTheTokensItGetsAlone() throws Exception {
        for (Path file : List.of(f32, q8)) {
            // Two threads give every worker a key/value head of its own; three take the other route through a layer.
            for (int threads : new int[] {2, 3}) {
                List<Generation> want = alone(file, threads, REQUESTS);
                List<List<Integer>> got = batched(engine(file, threads), REQUESTS);
                for (int i = 0; i < REQUESTS.size(); i++) {
                    assertEquals(REQUESTS.get(i).maxNewTokens(), got.get(i).size());
                    assertEquals(want.get(i).tokens(), got.get(i), file.getFileName() + ", " + threads
                            + " threads, request " + i);
                }
            }
        }
    }

    @Test
    void sequencesJoinAndLeaveBetweenStepsAndAFreedPlaceIsReused() throws Exception {
        List<Generation> want = alone(f32, 2, REQUESTS);
        JavaLlamaBackend b = engine(f32, 2);
        try (DecodeBatch batch = b.openBatch(2)) {
            // Place 0: request 1 (5 tokens), then request 2 in its place, then request 3; place 1: request 5 (16).
            Sequence longOne = batch.join(REQUESTS.get(5));
            List<Integer> longTokens = new ArrayList<>(List.of(longOne.next().id()));
            int[] order = {1, 2, 3};
            int next = 0;
            Sequence shortOne = null;
            List<Integer> shortTokens = null;
            int shortIndex = -1;
            List<List<Integer>> done = new ArrayList<>(List.of(List.of(), List.of(), List.of(), List.of()));
            while (!longOne.ended()) {
                if (shortOne == null && next < order.length) {
                    shortIndex = order[next++];
                    shortOne = batch.join(REQUESTS.get(shortIndex));
                    shortTokens = new ArrayList<>(List.of(shortOne.next().id()));
                }
                List<Sequence> live = shortOne == null ? List.of(longOne) : List.of(longOne, shortOne);
                batch.step(live);
                longTokens.add(longOne.next().id());
                if (shortOne != null) {
                    shortTokens.add(shortOne.next().id());
                    if (shortOne.ended()) {
                        shortOne.leave();
                        done.set(shortIndex, shortTokens);
                        shortOne = null;
                    }
                }
            }
            assertEquals(want.get(5).tokens(), longTokens, "the sequence that stayed");
            assertEquals(want.get(1).tokens(), done.get(1), "the first to leave");
            assertEquals(want.get(2).tokens(), done.get(2), "the second in the same place, prompt over a chunk");
            assertEquals(3, next, "three sequences passed through one place");
            if (shortOne == null) {
                batch.join(REQUESTS.get(0));
            }
            assertThrows(IllegalStateException.class, () -> batch.join(REQUESTS.get(0)),
                    "a third sequence does not fit two places");
        }
    }

    @Test
    void theSinglePathRefusesWhileABatchIsOpenAndWorksAfter() throws Exception {
        JavaLlamaBackend b = engine(f32, 2);
        Generation before = b.generate(REQUESTS.get(0), GenerationListener.NONE);
        DecodeBatch batch = b.openBatch(2);
        BackendException e = assertThrows(BackendException.class,
                () -> b.generate(REQUESTS.get(0), GenerationListener.NONE));
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
        batch.close();
        assertEquals(before.tokens(), b.generate(REQUESTS.get(0), GenerationListener.NONE).tokens());
    }

    @Test
    void concurrentCallersThroughSharedGeneratorGetTheirOwnResults() throws Exception {
        List<Generation> want = alone(q8, 2, REQUESTS);
        SharedGenerator g = SharedGenerator.of(engine(q8, 2), 4);
        open.add(g);
        assertEquals(4, g.maxBatch());
        assertEquals(java.util.Optional.empty(), g.whyNotBatched());
        List<Future<Generation>> got = new ArrayList<>();
        List<Recorder> heard = new ArrayList<>();
        for (GenerationRequest r : REQUESTS) {
            Recorder rec = new Recorder();
            heard.add(rec);
            got.add(pool.submit(() -> g.generate(r, rec)));
        }
        for (int i = 0; i < REQUESTS.size(); i++) {
            Generation gen = got.get(i).get(30, TimeUnit.SECONDS);
            assertEquals(want.get(i).tokens(), gen.tokens(), "request " + i);
            assertEquals(want.get(i).text(), gen.text(), "request " + i);
            assertEquals(want.get(i).promptTokens(), gen.promptTokens());
            assertEquals(REQUESTS.get(i).maxNewTokens(), gen.newTokens());
            assertEquals(gen.tokens(), heard.get(i).ids);
            assertEquals(gen.promptTokens(), heard.get(i).prefill);
            assertEquals(gen.text(), heard.get(i).text.toString() + "", "pieces add up to the text");
            assertTrue(gen.prefillNanos() > 0 && gen.decodeNanos() > 0, gen.toString());
        }
    }

    @Test
    void aRequestThatJoinsWhileAnotherDecodesIsDecodedBesideIt() throws Exception {
        SharedGenerator g = SharedGenerator.of(engine(f32, 2), 2);
        open.add(g);
        List<String> events = new ArrayList<>();
        CountDownLatch firstToken = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        GenerationListener a = new GenerationListener() {
            @Override
            public void token(int id, String piece) {
                synchronized (events) {
                    events.add("a");
                }
                firstToken.countDown();
                await(go);
            }
        };
        GenerationListener b = new GenerationListener() {
            @Override
            public void token(int id, String piece) {
                synchronized (events) {
                    events.add("b");
                }
            }
        };
        Future<Generation> first = pool.submit(() -> g.generate(REQUESTS.get(5), a));
        firstToken.await();
        Thread[] caller = new Thread[1];
        Future<Generation> second = pool.submit(() -> {
            caller[0] = Thread.currentThread();
            return g.generate(REQUESTS.get(1), b);
        });
        // The driver is held in a's listener; let it go once b's caller waits in the queue.
        while (caller[0] == null || caller[0].getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        go.countDown();
        assertEquals(16, first.get(30, TimeUnit.SECONDS).newTokens());
        assertEquals(5, second.get(30, TimeUnit.SECONDS).newTokens());
        int lastA = events.lastIndexOf("a");
        int firstB = events.indexOf("b");
        assertTrue(firstB < lastA, "b decoded beside a, not after it: " + events);
    }

    @Test
    void aFailingRequestFailsAloneAndTheOthersFinish() throws Exception {
        List<Generation> want = alone(f32, 2, REQUESTS);
        SharedGenerator g = SharedGenerator.of(engine(f32, 2), 3);
        open.add(g);
        GenerationListener throwing = new GenerationListener() {
            private int tokens;

            @Override
            public void token(int id, String piece) {
                if (++tokens == 3) {
                    throw new IllegalStateException("client went away");
                }
            }
        };
        Future<Generation> tooLong = pool.submit(() -> g.generate(
                new GenerationRequest("too long", SHAPE.context() + 1, true, Sampling.GREEDY), GenerationListener.NONE));
        Future<Generation> broken = pool.submit(() -> g.generate(REQUESTS.get(5), throwing));
        List<Future<Generation>> fine = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            GenerationRequest r = REQUESTS.get(i);
            fine.add(pool.submit(() -> g.generate(r, GenerationListener.NONE)));
        }
        assertTrue(failure(tooLong).contains("context"), failure(tooLong));
        assertTrue(failure(broken).contains("client went away"), failure(broken));
        for (int i = 0; i < 4; i++) {
            assertEquals(want.get(i).tokens(), fine.get(i).get(30, TimeUnit.SECONDS).tokens(), "request " + i);
        }
    }

    @Test
    void closeFailsCallersInFlightAndQueuedWithoutHanging() throws Exception {
        SharedGenerator g = SharedGenerator.of(engine(f32, 2), 2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GenerationListener holding = new GenerationListener() {
            @Override
            public void token(int id, String piece) {
                started.countDown();
                await(release);
            }
        };
        GenerationRequest longRequest = new GenerationRequest("hold", 100, true, Sampling.GREEDY);
        Future<Generation> held = pool.submit(() -> g.generate(longRequest, holding));
        started.await();
        List<Future<Generation>> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(pool.submit(() -> g.generate(longRequest, GenerationListener.NONE)));
        }
        Future<?> closing = pool.submit(g::close);
        // Callers hear of the close at once, before the driver, held in a listener, stops.
        assertTrue(failure(held).contains("closed"), failure(held));
        for (Future<Generation> f : others) {
            assertTrue(failure(f).contains("closed"), failure(f));
        }
        assertFalse(closing.isDone(), "close waits for the driver, which a listener holds");
        release.countDown();
        closing.get(30, TimeUnit.SECONDS);
        BackendException after = assertThrows(BackendException.class,
                () -> g.generate(REQUESTS.get(0), GenerationListener.NONE));
        assertTrue(after.getMessage().contains("closed"), after.getMessage());
    }

    @Test
    void aBatchOfOneOrAnEngineThatCannotBatchIsServedInTurnAndSaysWhy() throws Exception {
        SharedGenerator one = SharedGenerator.of(engine(f32, 2), 1);
        open.add(one);
        assertEquals(1, one.maxBatch());
        assertEquals("a batch of 1 was asked for", one.whyNotBatched().orElseThrow());
        SharedGenerator many = SharedGenerator.of(engine(f32, 2), 100);
        open.add(many);
        assertEquals(Forward.BATCH, many.maxBatch(), "as many as one step holds");
    }

    private static String failure(Future<Generation> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof BackendException, String.valueOf(e.getCause()));
            return e.getCause().getMessage();
        }
        throw new AssertionError("the request did not fail");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What one request's listener heard. */
    static final class Recorder implements GenerationListener {
        final List<Integer> ids = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        int prefill = -1;

        @Override
        public void prefillDone(int promptTokens) {
            prefill = promptTokens;
        }

        @Override
        public void token(int id, String piece) {
            ids.add(id);
            text.append(piece);
        }
    }
}
