package org.joulebench.runners.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.joulebench.runners.Embedding;
import org.joulebench.runners.EmbeddingBackend;
import org.joulebench.zoo.ModelZoo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real models from the class path, each opened once. */
class OnnxEmbeddingBackendTest {

    private static final OpenModels MODELS = new OpenModels();

    @AfterAll
    static void closeModels() {
        MODELS.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v15", "bge-small-en-v15-q",
            "e5-small-v2"})
    void vectorsAreUnitLengthAndHaveTheHiddenSize(String id) throws Exception {
        Embedding e = MODELS.get(id).embed("Energy per query is what we measure.");
        assertEquals(384, e.vector().length);
        assertEquals(1.0, norm(e.vector()), 1e-5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v15", "bge-small-en-v15-q",
            "e5-small-v2"})
    void similarMeaningsAreCloser(String id) throws Exception {
        EmbeddingBackend model = MODELS.get(id);
        float[] gloss = model.embed("a small domestic feline animal").vector();
        double cat = cos(gloss, model.embed("cat").vector());
        double car = cos(gloss, model.embed("a motor vehicle with four wheels").vector());
        assertTrue(cat > car, id + ": cos(gloss, cat) = " + cat + " should beat cos(gloss, car) = " + car);
    }

    private static final List<String> UNEVEN = List.of("cat", "The quick brown fox jumps over the lazy dog.",
            "Padding must not change a sentence's embedding, whatever the longest text in its batch is.");

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "bge-small-en-v15", "e5-small-v2"})
    void aPaddedBatchGivesTheSameVectorsAsSingleQueries(String id) throws Exception {
        EmbeddingBackend model = MODELS.get(id);
        List<Embedding> batch = model.embedBatch(UNEVEN);
        assertEquals(3, batch.size());
        for (int i = 0; i < UNEVEN.size(); i++) {
            Embedding single = model.embed(UNEVEN.get(i));
            assertEquals(single.tokens(), batch.get(i).tokens(), UNEVEN.get(i));
            assertArrayEquals(single.vector(), batch.get(i).vector(), 1e-4f, UNEVEN.get(i));
        }
        assertTrue(batch.get(0).tokens() < batch.get(1).tokens() && batch.get(1).tokens() < batch.get(2).tokens());
    }

    /**
     * The int8 exports quantise activations with DynamicQuantizeLinear: one scale per tensor, taken over the whole
     * batch. A text's vector therefore depends a little on its batch mates (cosine ~0.99 to the single query, not
     * 1e-4); a batch of identical texts, which does not move the scale, must still match exactly.
     */
    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2-q", "bge-small-en-v15-q"})
    void anInt8BatchStaysCloseToSingleQueries(String id) throws Exception {
        EmbeddingBackend model = MODELS.get(id);
        List<Embedding> batch = model.embedBatch(UNEVEN);
        for (int i = 0; i < UNEVEN.size(); i++) {
            Embedding single = model.embed(UNEVEN.get(i));
            assertEquals(single.tokens(), batch.get(i).tokens(), UNEVEN.get(i));
            double similarity = cos(single.vector(), batch.get(i).vector());
            assertTrue(similarity > 0.98, UNEVEN.get(i) + ": cosine to the single query " + similarity);
        }
        String text = UNEVEN.get(1);
        Embedding single = model.embed(text);
        for (Embedding same : model.embedBatch(List.of(text, text))) {
            assertArrayEquals(single.vector(), same.vector(), 1e-6f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v15", "bge-small-en-v15-q"})
    void tokensCountClsAndSep(String id) throws Exception {
        assertEquals(4, MODELS.get(id).embed("hello world").tokens());
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2-q", "bge-small-en-v15-q"})
    void longTextsAreCutToTheZoosMaxTokens(String id) throws Exception {
        int max = ModelZoo.builtIn().find(id).orElseThrow().maxTokens();
        String longText = "word ".repeat(1000);
        assertEquals(max, MODELS.get(id).embed(longText).tokens());
    }

    @Test
    void anEmptyBatchIsEmpty() throws Exception {
        assertEquals(List.of(), MODELS.get("all-minilm-l6-v2-q").embedBatch(List.of()));
    }

    @Test
    void aClosedModelRefusesWork() throws Exception {
        try (OpenModels own = new OpenModels()) {
            EmbeddingBackend model = own.get("all-minilm-l6-v2-q");
            model.close();
            model.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.embed("x"));
            assertEquals("model all-minilm-l6-v2-q on onnxruntime is closed", e.getMessage());
        }
    }

    private static double norm(float[] v) {
        return Math.sqrt(cos(v, v));
    }

    private static double cos(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot; // the vectors are unit length
    }
}
