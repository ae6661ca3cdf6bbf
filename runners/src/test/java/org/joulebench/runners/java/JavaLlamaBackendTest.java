package org.joulebench.runners.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.joulebench.runners.BackendException;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.GenerationRequest.Sampling;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.SyntheticLlama;
import org.joulebench.zoo.gguf.SyntheticLlama.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaLlamaBackendTest {

    /** Tiny but with every feature: 2 layers, GQA (4 heads, 2 key/value heads), a vocabulary with merges. */
    static final Shape SHAPE = new Shape(2, 64, 4, 2, 128, 320, 64);
    static final String PROMPT = "The energy of the run";

    @TempDir
    static Path dir;
    static Path f32;
    static Path f16;
    static Path q8;

    @BeforeAll
    static void writeModels() throws IOException {
        f32 = dir.resolve("f32.gguf");
        f16 = dir.resolve("f16.gguf");
        q8 = dir.resolve("q8.gguf");
        SyntheticLlama.write(f32, SHAPE, GgmlType.F32, 42);
        SyntheticLlama.write(f16, SHAPE, GgmlType.F16, 42);
        SyntheticLlama.write(q8, SHAPE, GgmlType.Q8_0, 42);
    }

    /** Records what the listener hears, in order. */
    static final class Recorder implements GenerationListener {
        final List<String> events = new ArrayList<>();
        final List<Integer> ids = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        @Override
        public void prefillDone(int promptTokens) {
            events.add("prefill " + promptTokens);
        }

        @Override
        public void token(int id, String piece) {
            events.add("token");
            ids.add(id);
            text.append(piece);
        }
    }

    private static Generation greedy(JavaLlamaBackend b, int n) throws BackendException {
        return b.generate(new GenerationRequest(PROMPT, n, true, Sampling.GREEDY), GenerationListener.NONE);
    }

    @Test
    void greedyGenerationIsDeterministic() throws Exception {
        try (JavaLlamaBackend b = JavaLlamaProvider.open(f32, 2, true);
             JavaLlamaBackend other = JavaLlamaProvider.open(f32, 3, true)) {
            Generation first = greedy(b, 16);
            Generation again = greedy(b, 16);
            assertEquals(16, first.tokens().size());
            assertEquals(first.tokens(), again.tokens(), "the same backend twice");
            assertEquals(first.tokens(), greedy(other, 16).tokens(), "another backend with other threads");
            assertEquals(first.text(), again.text());
            assertEquals(b.tokenize(PROMPT).size(), first.promptTokens());
        }
    }

    @Test
    void listenerHearsPrefillOnceBeforeTheFirstTokenAndEveryToken() throws Exception {
        try (JavaLlamaBackend b = JavaLlamaProvider.open(f32, 2, true)) {
            Recorder r = new Recorder();
            Generation g = b.generate(new GenerationRequest(PROMPT, 5, true, Sampling.GREEDY), r);
            int promptTokens = b.tokenize(PROMPT).size();
            assertEquals(List.of("prefill " + promptTokens, "token", "token", "token", "token", "token"), r.events);
            assertEquals(g.tokens(), r.ids);
            assertEquals(g.text(), r.text.toString());
            assertEquals(5, g.newTokens());
            assertTrue(g.prefillNanos() > 0 && g.decodeNanos() > 0, g.toString());
        }
    }

    @Test
    void weightTypesAgreeOnGreedyTokensAndLogits() throws Exception {
        try (JavaLlamaBackend a = JavaLlamaProvider.open(f32, 2, true);
             JavaLlamaBackend h = JavaLlamaProvider.open(f16, 2, true);
             JavaLlamaBackend q = JavaLlamaProvider.open(q8, 2, true)) {
            List<Integer> tokens = greedy(a, 4).tokens();
            assertEquals(tokens, greedy(h, 4).tokens(), "F16");
            assertEquals(tokens, greedy(q, 4).tokens(), "Q8_0");
            float[] la = lastLogits(a);
            float[] lh = lastLogits(h);
            float[] lq = lastLogits(q);
            double spread = 0;
            double dh = 0;
            double dq = 0;
            for (int i = 0; i < la.length; i++) {
                assertTrue(Float.isFinite(la[i]) && Float.isFinite(lh[i]) && Float.isFinite(lq[i]), "finite " + i);
                spread = Math.max(spread, Math.abs(la[i]));
                dh = Math.max(dh, Math.abs(la[i] - lh[i]));
                dq = Math.max(dq, Math.abs(la[i] - lq[i]));
            }
            assertTrue(spread > 0.1, "logits are not all flat: " + spread);
            assertTrue(dh < 0.002 * spread + 1e-4, "F16 logits within " + dh + " of F32's (largest " + spread + ")");
            assertTrue(dq < 0.03 * spread, "Q8_0 logits within " + dq + " of F32's (largest " + spread + ")");
        }
    }

    private static float[] lastLogits(JavaLlamaBackend b) {
        int[] tokens = b.tokenize(PROMPT).stream().mapToInt(Integer::intValue).toArray();
        int vocab = SHAPE.vocab();
        float[] logits = new float[tokens.length * vocab];
        ForwardMathTest.forwardOf(b).forward(tokens, 0, tokens.length, 0, tokens.length - 1, logits);
        return Arrays.copyOf(logits, vocab);
    }

    @Test
    void ignoreEosGeneratesExactlyMaxNewTokens() throws Exception {
        // A model whose every logit is 0 and whose end-of-sequence is token 0: greedy picks it every time.
        ToyModel toy = ToyModel.random(1, 8, 2, 2, 8, 32, 1, 0.5);
        Arrays.fill(toy.out, 0f);
        toy.eos = 0;
        Path file = toy.write(dir.resolve("eos.gguf"), GgmlType.F32);
        try (JavaLlamaBackend b = JavaLlamaProvider.open(file, 2, true)) {
            Generation stop = b.generate(new GenerationRequest("hi", 10, false, Sampling.GREEDY),
                    GenerationListener.NONE);
            assertEquals(List.of(0), stop.tokens());
            assertTrue(stop.stoppedAtEos());
            assertEquals("", stop.text(), "end-of-sequence has no text");

            Recorder r = new Recorder();
            Generation all = b.generate(new GenerationRequest("hi", 10, true, Sampling.GREEDY), r);
            assertEquals(10, all.newTokens());
            assertEquals(10, all.tokens().size());
            assertEquals(10, r.ids.size());
            assertFalse(all.stoppedAtEos());
        }
    }

    @Test
    void samplingIsSeeded() throws Exception {
        try (JavaLlamaBackend b = JavaLlamaProvider.open(f32, 2, true)) {
            GenerationRequest hot = new GenerationRequest(PROMPT, 12, true, new Sampling(5.0, 0, 7));
            List<Integer> first = b.generate(hot, GenerationListener.NONE).tokens();
            assertEquals(first, b.generate(hot, GenerationListener.NONE).tokens());
            assertNotEquals(first, b.generate(new GenerationRequest(PROMPT, 12, true, new Sampling(5.0, 0, 8)),
                    GenerationListener.NONE).tokens());
            List<Integer> topOne = b.generate(new GenerationRequest(PROMPT, 6, true, new Sampling(1.0, 1, 3)),
                    GenerationListener.NONE).tokens();
            assertEquals(greedy(b, 6).tokens(), topOne, "top-1 sampling is greedy");
            List<Integer> topThree = b.generate(new GenerationRequest(PROMPT, 12, true, new Sampling(50.0, 3, 3)),
                    GenerationListener.NONE).tokens();
            assertTrue(topThree.stream().distinct().count() <= 12);
        }
    }

    @Test
    void log2LikelihoodIsTheSumOfTheContinuationsTokens() throws Exception {
        try (JavaLlamaBackend b = JavaLlamaProvider.open(f32, 2, true)) {
            String context = "The meter reads";
            String continuation = " the counter";
            double bits = b.log2Likelihood(context, continuation);
            int[] ctx = b.tokenize(context).stream().mapToInt(Integer::intValue).toArray();
            int[] whole = b.tokenize(context + continuation).stream().mapToInt(Integer::intValue).toArray();
            assertTrue(Arrays.equals(ctx, Arrays.copyOf(whole, ctx.length)), "a clean boundary");
            double manual = 0;
            for (int i = ctx.length; i < whole.length; i++) {
                manual += log2p(b, Arrays.copyOf(whole, i), whole[i]);
            }
            assertEquals(manual, bits, 1e-4);
            assertTrue(bits < 0);
            assertEquals(0.0, b.log2Likelihood(context, ""));
            // No context: the first token is conditioned on <|endoftext|>.
            int[] alone = b.tokenize(continuation).stream().mapToInt(Integer::intValue).toArray();
            double first = log2p(b, new int[] {SHAPE.vocab() - 1}, alone[0]);
            double rest = 0;
            for (int i = 1; i < alone.length; i++) {
                int[] prefix = new int[i + 1];
                prefix[0] = SHAPE.vocab() - 1;
                System.arraycopy(alone, 0, prefix, 1, i);
                rest += log2p(b, prefix, alone[i]);
            }
            assertEquals(first + rest, b.log2Likelihood("", continuation), 1e-4);
        }
    }

    @Test
    void aTokenStraddlingTheBoundaryIsScoredWithTheContinuation() throws Exception {
        try (JavaLlamaBackend b = JavaLlamaProvider.open(f32, 2, true)) {
            // " the" is one token; split as "reads t" + "he" it straddles the boundary, and is scored whole.
            int[] whole = b.tokenize("reads the").stream().mapToInt(Integer::intValue).toArray();
            int last = whole.length - 1;
            assertEquals("Ġthe", ((Gpt2Tokenizer) forwardModel(b).tokenizer).token(whole[last]));
            assertEquals(log2p(b, Arrays.copyOf(whole, last), whole[last]), b.log2Likelihood("reads t", "he"), 1e-4);
        }
    }

    private static LlamaModel forwardModel(JavaLlamaBackend b) {
        return b.model();
    }

    /** log2 p(next | prefix) computed step by step through the forward pass. */
    private static double log2p(JavaLlamaBackend b, int[] prefix, int next) {
        Forward f = ForwardMathTest.forwardOf(b);
        int vocab = SHAPE.vocab();
        float[] logits = new float[vocab];
        for (int p = 0; p < prefix.length; p++) {
            f.forward(prefix, p, 1, p, 0, logits);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        return (logits[next] - max - Math.log(sum)) / Math.log(2);
    }

    @Test
    void aRequestLongerThanTheContextFailsBeforeRunning() throws Exception {
        try (JavaLlamaBackend b = JavaLlamaProvider.open(f32, 1, true)) {
            Recorder r = new Recorder();
            BackendException e = assertThrows(BackendException.class,
                    () -> b.generate(new GenerationRequest("abc", 64, true, Sampling.GREEDY), r));
            int n = b.tokenize("abc").size();
            assertEquals("the prompt's " + n + " tokens and 64 new tokens need " + (n + 63) + " positions; the model's"
                    + " context is 64", e.getMessage());
            assertTrue(r.events.isEmpty());
            assertEquals(64 - n + 1, b.generate(new GenerationRequest("abc", 64 - n + 1, true, Sampling.GREEDY),
                    GenerationListener.NONE).newTokens(), "exactly the context fits");
        }
    }

    @Test
    void anEmptyPromptStartsFromEndOfText() throws Exception {
        try (JavaLlamaBackend b = JavaLlamaProvider.open(f32, 1, true)) {
            Generation g = b.generate(GenerationRequest.greedy("", 3), GenerationListener.NONE);
            assertEquals(1, g.promptTokens());
        }
    }
}
