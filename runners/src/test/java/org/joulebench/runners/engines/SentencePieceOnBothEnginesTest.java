package org.joulebench.runners.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.SyntheticLlama;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model with a SentencePiece vocabulary ({@code tokenizer.ggml.model = llama}, as the Llama 2 family ships):
 * the java engine tokenises text as llama.cpp does, id for id, and generates the same greedy tokens from the same
 * prompt (BOS and the leading space included).
 */
class SentencePieceOnBothEnginesTest {

    @TempDir
    static Path dir;
    static GenerationBackend java;
    static GenerationBackend llama;

    @BeforeAll
    static void open() throws Exception {
        Path file = dir.resolve("spm.gguf");
        SyntheticLlama.Shape shape = SyntheticLlama.Shape.of(2, 64, 4, 1200, 256);
        SyntheticLlama.write(file, shape, GgmlType.F32, 5, SyntheticLlama.Vocabulary.SPM);
        ModelEntry entry = new ModelEntry("spm", "Llama", "generation", shape.parameters(), 2, 64, Precision.FP32,
                "gguf", new ModelSource("file", dir.toString(), "spm.gguf", ""), "0".repeat(64), 1, "CC0-1.0",
                Pooling.MEAN, false, 256, "synthetic", "");
        java = SyntheticOnBothEnginesTest.engine("java").open(entry, file, BackendConfig.cpu(1));
        llama = SyntheticOnBothEnginesTest.engine("llamacpp").open(entry, file, BackendConfig.cpu(1));
    }

    @AfterAll
    static void close() {
        java.close();
        llama.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "In the beginning God created the heaven and the earth.",
            "The meter reads the energy counter before the model starts.",
            "  two leading spaces,   three inside, and one after ",
            "digits 12345 and 3.14159, years 2024-2026",
            "tabs\tand\nnewlines\n\nand CR\r\n",
            "Ünïcödé, 東京, emoji 🙂🙂 and a soft\u00ADhyphen",
            "code: for (int i = 0; i < n; i++) { x += y[i]; } // done",
            "a",
            "don't won't they're I'M",
    })
    void tokensAreLlamaCppsIdForId(String text) throws Exception {
        List<Integer> expected = llama.tokenize(text);
        assertEquals(expected, java.tokenize(text), "text: " + text);
    }

    @Test
    void greedyGenerationIsTheSame() throws Exception {
        GenerationRequest request = new GenerationRequest("In the beginning God created", 12, true,
                GenerationRequest.Sampling.GREEDY);
        String a = java.generate(request, GenerationListener.NONE).text();
        String b = llama.generate(request, GenerationListener.NONE).text();
        assertTrue(!a.isEmpty(), "text came out");
        assertEquals(b, a, "java " + a + " | llamacpp " + b);
    }
}
