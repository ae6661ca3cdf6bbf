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
}
