package org.joulebench.runners.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Byte-level BPE files with the pre-tokenizers of GPT-2, Llama 3 ({@code llama-bpe}, with BOS), Qwen 2 and SmolLM
 * (StarCoder's two stages), and the other names llama.cpp gives their expressions: the java engine splits and
 * merges text as llama.cpp does, id for id, on text where they differ (digit runs, digits inside words, line
 * breaks, contractions in capitals, punctuation before words), and generates the same greedy tokens.
 */
class PreTokenizersOnBothEnginesTest {

    @TempDir
    static Path dir;
    static final Map<String, GenerationBackend[]> ENGINES = new java.util.HashMap<>();

    private static final List<String> TEXTS = List.of(
            "In the beginning God created the heaven and the earth.",
            "digits 1234567 and 3.14159, years 2024-2026, 00042",
            "I'M SURE they'RE right, don't you THINK? It's 'quoted'.",
            "lines\n\nbreak\r\nhere \n  and\ttabs\t\there   ",
            "...hello,world!(x)=y;  ::  --flag",
            "Ünïcödé 東京 ١٢٣ emoji 🙂🙂 \u00a0nbsp",
            "x1y22z 3rd v2.0.1 a1b2c3 ²³ 1,000,000", "def f(x):\n    return x**2 + 10  # 10%");
    /**
     * The other names llama.cpp gives these pre-tokenizers: StarCoder's besides {@code smollm}, GPT-2's, Qwen 2's,
     * and Llama 3's expression without its whole words and BOS.
     */
    private static final List<String> OTHER_NAMES = List.of("starcoder", "refact", "command-r", "codeshell",
            "exaone", "minerva-7b", "phi-2", "mpt", "olmo", "jais", "deepseek-r1-qwen", "stablelm2", "dbrx",
            "smaug-bpe");

    @BeforeAll
    static void open() throws Exception {
        SyntheticLlama.Shape shape = SyntheticLlama.Shape.of(2, 64, 4, 1500, 256);
        for (SyntheticLlama.Vocabulary v : List.of(SyntheticLlama.Vocabulary.GPT2, SyntheticLlama.Vocabulary.BPE_LLAMA3,
                SyntheticLlama.Vocabulary.BPE_QWEN2, SyntheticLlama.Vocabulary.BPE_SMOLLM)) {
            Path file = dir.resolve(v + ".gguf");
            SyntheticLlama.write(file, shape, GgmlType.F32, 9, v);
            open(v.name(), file, shape);
        }
        for (String name : OTHER_NAMES) {
            Path file = dir.resolve(name + ".gguf");
            SyntheticLlama.writeBpe(file, shape, GgmlType.F32, 9, name);
            open(name, file, shape);
        }
    }

    private static void open(String key, Path file, SyntheticLlama.Shape shape) throws Exception {
        ModelEntry entry = new ModelEntry("bpe-" + key, "Llama", "generation", shape.parameters(), 2, 64,
                Precision.FP32, "gguf", new ModelSource("file", dir.toString(), file.getFileName().toString(), ""),
                "0".repeat(64), 1, "CC0-1.0", Pooling.MEAN, false, 256, "synthetic", "");
        ENGINES.put(key, new GenerationBackend[] {
                SyntheticOnBothEnginesTest.engine("java").open(entry, file, BackendConfig.cpu(1)),
                SyntheticOnBothEnginesTest.engine("llamacpp").open(entry, file, BackendConfig.cpu(1))});
    }

    @AfterAll
    static void close() {
        ENGINES.values().forEach(pair -> {
            pair[0].close();
            pair[1].close();
        });
    }

    @ParameterizedTest
    @CsvSource({"GPT2", "BPE_LLAMA3", "BPE_QWEN2", "BPE_SMOLLM", "starcoder", "refact", "command-r", "codeshell",
            "exaone", "minerva-7b", "phi-2", "mpt", "olmo", "jais", "deepseek-r1-qwen", "stablelm2", "dbrx",
            "smaug-bpe"})
    void tokensAreLlamaCppsIdForId(String vocabulary) throws Exception {
        GenerationBackend[] pair = ENGINES.get(vocabulary);
        for (String text : TEXTS) {
            assertEquals(pair[1].tokenize(text), pair[0].tokenize(text), vocabulary + ", text: " + text);
        }
    }

    @ParameterizedTest
    @CsvSource({"GPT2", "BPE_LLAMA3", "BPE_QWEN2", "BPE_SMOLLM"})
    void greedyGenerationIsTheSame(String vocabulary) throws Exception {
        GenerationBackend[] pair = ENGINES.get(vocabulary);
        GenerationRequest request = new GenerationRequest("In the beginning God created 12345", 10, true,
                GenerationRequest.Sampling.GREEDY);
        String a = pair[0].generate(request, GenerationListener.NONE).text();
        String b = pair[1].generate(request, GenerationListener.NONE).text();
        assertEquals(b, a, vocabulary + ": java " + a + " | llamacpp " + b);
    }
}
