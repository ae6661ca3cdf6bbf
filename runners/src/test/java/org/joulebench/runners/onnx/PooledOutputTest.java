package org.joulebench.runners.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Embedding;
import org.joulebench.runners.EmbeddingBackend;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelFiles;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.ModelZoo;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.joulebench.zoo.onnx.OnnxWriter;
import org.junit.jupiter.api.Test;

/**
 * Graphs whose outputs are not last_hidden_state, written by {@link OnnxWriter}: a pooled rank-2 output is read as it
 * is (here the token ids cast to float), and a graph without attention_mask is refused when it opens.
 */
class PooledOutputTest {

    private static ModelFiles files(byte[] model, boolean normalize) throws Exception {
        ModelZoo zoo = ModelZoo.builtIn();
        ModelEntry minilm = zoo.find("all-minilm-l6-v2-q").orElseThrow();
        ModelEntry e = new ModelEntry("cast", "test", "embedding", 1, 0, 0, Precision.FP32, "onnx",
                new ModelSource("file", "", "model.onnx", "tokenizer.json"), "0".repeat(64), model.length, "unknown",
                Pooling.MEAN, normalize, 8, "test", "");
        return new ModelFiles(e, model, zoo.load(minilm).tokenizer());
    }

    @Test
    void aPooledOutputIsTheVectorAsTheGraphGivesIt() throws Exception {
        byte[] model = OnnxWriter.castModel(List.of("input_ids", "attention_mask"), "input_ids", "sentence_embedding");
        ModelFiles f = files(model, false);
        try (EmbeddingBackend b = new OnnxRuntimeProvider().open(f, BackendConfig.cpu(1));
             TextTokenizer t = TextTokenizer.open(f)) {
            Embedding e = b.embed("energy per query");
            long[] ids = t.encode(List.of("energy per query")).ids();
            float[] expected = new float[ids.length];
            for (int i = 0; i < ids.length; i++) {
                expected[i] = ids[i];
            }
            assertArrayEquals(expected, e.vector(), "no pooling over a pooled output: the ids as floats");
            assertEquals(ids.length, e.tokens());
            assertTrue(ids[0] == 101 && ids.length > 3, "[CLS] first, then the words");
        }
        try (EmbeddingBackend b = new OnnxRuntimeProvider().open(files(model, true), BackendConfig.cpu(1))) {
            float[] v = b.embed("energy per query").vector();
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-5, "normalize still applies");
        }
    }

    @Test
    void aGraphWithoutAttentionMaskIsRefusedAtOpen() throws Exception {
        byte[] model = OnnxWriter.castModel(List.of("input_ids"), "input_ids", "last");
        BackendException e = assertThrows(BackendException.class,
                () -> new OnnxRuntimeProvider().open(files(model, true), BackendConfig.cpu(1)));
        assertTrue(e.getMessage().startsWith("model cast has no input attention_mask"), e.getMessage());
    }
}
