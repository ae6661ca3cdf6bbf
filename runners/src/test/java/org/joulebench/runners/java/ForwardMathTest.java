package org.joulebench.runners.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.joulebench.runners.BackendException;
import org.joulebench.zoo.gguf.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's logits against ToyModel's double-precision reference of the spec's formulas. */
class ForwardMathTest {

    @TempDir
    Path dir;

    private static final int[] TOKENS = {72, 101, 108, 108, 111, 32, 119, 33, 10, 200};

    /** Logits after every token, fed one at a time. */
    private static float[][] stepwise(JavaLlamaBackend b, int[] tokens) {
        Forward f = forwardOf(b);
        int vocab = f.hparams().vocab();
        float[][] all = new float[tokens.length][vocab];
        float[] logits = new float[vocab];
        for (int p = 0; p < tokens.length; p++) {
            f.forward(tokens, p, 1, p, 0, logits);
            all[p] = logits.clone();
        }
        return all;
    }

    static Forward forwardOf(JavaLlamaBackend b) {
        try {
            java.lang.reflect.Field field = JavaLlamaBackend.class.getDeclaredField("forward");
            field.setAccessible(true);
            return (Forward) field.get(b);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private void check(ToyModel toy, boolean f16Cache, double tolerance) throws IOException, BackendException {
        Path file = toy.write(dir.resolve("toy.gguf"), GgmlType.F32);
        double[][] want = toy.referenceLogits(TOKENS);
        try (JavaLlamaBackend b = JavaLlamaProvider.open(file, 2, f16Cache)) {
            float[][] got = stepwise(b, TOKENS);
            double worst = 0;
            for (int p = 0; p < TOKENS.length; p++) {
                for (int i = 0; i < toy.vocab; i++) {
                    worst = Math.max(worst, Math.abs(want[p][i] - got[p][i]));
                }
            }
            assertTrue(worst < tolerance, "largest logit error " + worst + " (tolerance " + tolerance + ")");
        }
    }

    @Test
    void twoDimensionalOneLayerModelMatchesTheReference() throws Exception {
        // dim 2, one head of 2: a single RoPE pair; large weights so that every term of the block matters.
        ToyModel toy = ToyModel.random(1, 2, 1, 1, 3, 16, 11, 1.0);
        check(toy, false, 2e-5);
        check(toy, true, 2e-2);
    }

    @Test
    void groupedQueryAttentionOverSeveralPairsAndLayersMatchesTheReference() throws Exception {
        // 4 query heads of 4 (two RoPE pairs each) sharing 2 key/value heads; 2 layers.
        ToyModel toy = ToyModel.random(2, 16, 4, 2, 24, 16, 5, 0.5);
        check(toy, false, 2e-5);
        check(toy, true, 2e-2);
    }

    @Test
    void aBatchGivesExactlyTheLogitsOfOneTokenAtATime() throws Exception {
        ToyModel toy = ToyModel.random(2, 16, 4, 2, 24, 16, 9, 0.5);
        Path file = toy.write(dir.resolve("toy.gguf"), GgmlType.F32);
        try (JavaLlamaBackend one = JavaLlamaProvider.open(file, 1, true);
             JavaLlamaBackend three = JavaLlamaProvider.open(file, 3, true)) {
            float[][] step = stepwise(one, TOKENS);
            float[] batch = new float[TOKENS.length * toy.vocab];
            forwardOf(three).forward(TOKENS, 0, TOKENS.length, 0, 0, batch);
            for (int p = 0; p < TOKENS.length; p++) {
                float[] row = Arrays.copyOfRange(batch, p * toy.vocab, (p + 1) * toy.vocab);
                assertArrayEquals(step[p], row, "position " + p);
            }
        }
    }

    /**
     * Rows and heads go to whichever worker asks next ({@link Chunks}), so which worker computes what changes from
     * step to step; the logits must not: one, two (a key/value head each) and four workers (the other route through a
     * layer), Q8_0 weights, each step's logits the same to the bit.
     */
    @Test
    void theLogitsAreTheSameToTheBitOnAnyNumberOfWorkers() throws Exception {
        ToyModel toy = ToyModel.random(2, 64, 4, 2, 96, 16, 13, 0.5);
        Path file = toy.write(dir.resolve("q8.gguf"), GgmlType.Q8_0);
        float[][] want = null;
        for (int threads : new int[] {1, 2, 4}) {
            try (JavaLlamaBackend b = JavaLlamaProvider.open(file, threads, true)) {
                float[][] got = stepwise(b, TOKENS);
                if (want == null) {
                    want = got;
                    continue;
                }
                for (int p = 0; p < TOKENS.length; p++) {
                    assertArrayEquals(want[p], got[p], threads + " workers, position " + p);
                }
            }
        }
    }

    @Test
    void ropeRotatesAdjacentPairs() throws Exception {
        // One layer, the angle of pair i at position p is p * 10000^(-2i/hd): check it through the RMSNorm helper
        // and the model's own cos/sin by comparing against the reference at a late position with a long context.
        ToyModel toy = ToyModel.random(1, 8, 1, 1, 8, 40, 3, 1.0);
        Path file = toy.write(dir.resolve("rope.gguf"), GgmlType.F32);
        int[] tokens = new int[37];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (i * 37) % 256;
        }
        double[][] want = toy.referenceLogits(tokens);
        try (JavaLlamaBackend b = JavaLlamaProvider.open(file, 2, false)) {
            float[][] got = stepwise(b, tokens);
            for (int i = 0; i < toy.vocab; i++) {
                assertEquals(want[36][i], got[36][i], 5e-5, "logit " + i + " at position 36");
            }
        }
    }

    @Test
    void rmsNormSumsSquaresLikeGgml() {
        float[] x = {3, 4};
        float[] y = new float[2];
        Forward.rmsnorm(y, 0, x, 0, new float[] {1, 2}, 2, 0);
        // mean of squares 12.5, scale 1/sqrt(12.5)
        assertEquals(3 / Math.sqrt(12.5), y[0], 1e-6);
        assertEquals(8 / Math.sqrt(12.5), y[1], 1e-6);
    }
}
