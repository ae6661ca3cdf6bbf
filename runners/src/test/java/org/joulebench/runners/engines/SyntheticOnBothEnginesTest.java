package org.joulebench.runners.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.Engines;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationProvider;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.SyntheticLlama;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A tiny random-weight GGUF written by the test runs on both local engines, found as plug-ins. */
class SyntheticOnBothEnginesTest {

    @TempDir
    Path dir;

    static GenerationProvider engine(String id) {
        return Engines.find(id).orElseThrow();
    }

    @Test
    void aTinySyntheticModelRunsOnTheJavaEngineAndOnLlamaCpp() throws Exception {
        Path file = dir.resolve("tiny.gguf");
        SyntheticLlama.Shape shape = SyntheticLlama.Shape.of(2, 64, 4, 300, 256);
        SyntheticLlama.write(file, shape, GgmlType.F32, 7);
        ModelEntry entry = new ModelEntry("tiny", "Llama", "generation", shape.parameters(), 2, 64, Precision.FP32,
                "gguf", new ModelSource("file", dir.toString(), "tiny.gguf", ""), "0".repeat(64), 1, "CC0-1.0",
                Pooling.MEAN, false, 256, "synthetic", "");
        GenerationRequest request = new GenerationRequest("In the beginning God created", 16, true,
                GenerationRequest.Sampling.GREEDY);
        List<String> texts = new ArrayList<>();
        for (String id : List.of("java", "llamacpp")) {
            try (GenerationBackend b = engine(id).open(entry, file, BackendConfig.cpu(1))) {
                Generation g = b.generate(request, GenerationListener.NONE);
                assertEquals(16, g.newTokens(), id);
                assertTrue(g.promptTokens() > 0, id + " counted the prompt");
                texts.add(g.text());
            }
        }
        // Random weights leave near-ties between logits; the engines round differently, so only the start is compared.
        assertEquals(texts.get(0).substring(0, 4), texts.get(1).substring(0, 4), "java " + texts.get(0) + " | llamacpp "
                + texts.get(1));
    }

    /**
     * The 4-, 5- and 6-bit types as Joulebench writes them are read by llama.cpp as the java engine reads them: the
     * same random-weight model, quantised, gives both engines the same 12 greedy tokens (a layout either engine read
     * differently would give unrelated text; the products are integer sums but for the final scaling, so near-ties
     * between logits, which the F32 test above has to allow for, did not occur here).
     */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void quantisedModelsReadTheSameOnBothEngines(GgmlType type) throws Exception {
        Path file = dir.resolve(type + ".gguf");
        SyntheticLlama.Shape shape = new SyntheticLlama.Shape(2, 256, 4, 4, 512, 300, 256);
        SyntheticLlama.write(file, shape, type, 7);
        ModelEntry entry = new ModelEntry("tiny-" + type, "Llama", "generation", shape.parameters(), 2, 64,
                Precision.FP32, "gguf", new ModelSource("file", dir.toString(), file.getFileName().toString(), ""),
                "0".repeat(64), 1, "CC0-1.0", Pooling.MEAN, false, 256, "synthetic", "");
        GenerationRequest request = new GenerationRequest("In the beginning God created", 12, true,
                GenerationRequest.Sampling.GREEDY);
        List<String> texts = new ArrayList<>();
        for (String id : List.of("java", "llamacpp")) {
            try (GenerationBackend b = engine(id).open(entry, file, BackendConfig.cpu(1))) {
                texts.add(b.generate(request, GenerationListener.NONE).text());
            }
        }
        assertEquals(texts.get(0), texts.get(1), type + ": java " + texts.get(0)
                + " | llamacpp " + texts.get(1));
    }
}
