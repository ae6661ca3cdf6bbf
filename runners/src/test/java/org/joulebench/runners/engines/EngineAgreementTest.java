package org.joulebench.runners.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelZoo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same shipped model on the pure-Java engine and on llama.cpp gives the same 64 greedy tokens
 * (llama.cpp's binding exposes text, not token ids, so the texts and the token counts are compared).
 */
class EngineAgreementTest {

    /** Held-out prompts (books never seen in training). */
    private static final List<String> PROMPTS = List.of(
            "Now the word of the LORD came unto Jonah the son of Amittai, saying,",
            "And Ruth said, Intreat me not to leave thee,",
            "My son, hear the instruction of thy father,");

    @TempDir
    Path cache;

    @ParameterizedTest
    @ValueSource(strings = {"kjv-small", "kjv-large"})
    void javaAndLlamaCppAgreeOn64GreedyTokens(String id) throws Exception {
        ModelZoo zoo = ModelZoo.builtIn();
        ModelEntry entry = zoo.find(id).orElseThrow();
        Path file = zoo.modelFile(entry, cache);
        try (GenerationBackend java = SyntheticOnBothEnginesTest.engine("java").open(entry, file, BackendConfig.cpu(2));
             GenerationBackend llama = SyntheticOnBothEnginesTest.engine("llamacpp").open(entry, file,
                     BackendConfig.cpu(2))) {
            for (String prompt : PROMPTS) {
                GenerationRequest request = new GenerationRequest(prompt, 64, true, GenerationRequest.Sampling.GREEDY);
                Generation j = java.generate(request, GenerationListener.NONE);
                Generation l = llama.generate(request, GenerationListener.NONE);
                assertEquals(64, j.newTokens(), id + " java");
                assertEquals(64, l.newTokens(), id + " llamacpp");
                assertEquals(j.promptTokens(), l.promptTokens(), id + ": both engines count the prompt alike");
                assertEquals(j.text(), l.text(), id + " on '" + prompt + "'");
            }
        }
    }
}
