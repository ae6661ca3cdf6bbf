package org.joulebench.runners.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.ModelZoo;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufFile;
import org.joulebench.zoo.gguf.GgufQuantizer;
import org.joulebench.zoo.gguf.GgufTensor;
import org.joulebench.zoo.gguf.SyntheticLlama;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Models written by {@link GgufQuantizer} ({@code zoo quantize}) read alike on the java engine and on llama.cpp. */
class QuantizedOnBothEnginesTest {

    /** Held-out verses (books never seen in training), as context and continuation. */
    private static final List<String[]> VERSES = List.of(
            new String[] {"Now the word of the LORD came unto Jonah the son of Amittai, saying,",
                    " Arise, go to Nineveh, that great city, and cry against it; for their wickedness is come up"
                            + " before me."},
            new String[] {"And Ruth said, Intreat me not to leave thee,",
                    " or to return from following after thee: for whither thou goest, I will go;"},
            new String[] {"Vanity of vanities, saith the Preacher,", " vanity of vanities; all is vanity."});

    @TempDir
    Path dir;

    private static ModelEntry entry(String id, Path file) {
        return new ModelEntry(id, "Llama", "generation", 1, 2, 64, Precision.FP32, "gguf",
                new ModelSource("file", file.getParent().toString(), file.getFileName().toString(), ""),
                "0".repeat(64), 1, "CC0-1.0", Pooling.MEAN, false, 256, "test", "");
    }

    private static List<String> generateOnBoth(ModelEntry entry, Path file, String prompt, int tokens)
            throws Exception {
        GenerationRequest request = new GenerationRequest(prompt, tokens, true, GenerationRequest.Sampling.GREEDY);
        List<String> texts = new ArrayList<>();
        for (String id : List.of("java", "llamacpp")) {
            try (GenerationBackend b = SyntheticOnBothEnginesTest.engine(id).open(entry, file, BackendConfig.cpu(1))) {
                Generation g = b.generate(request, GenerationListener.NONE);
                assertEquals(tokens, g.newTokens(), id);
                texts.add(g.text());
            }
        }
        return texts;
    }

    /** A random-weight F32 model of dim 256 quantised to each type: both engines give the same 12 greedy tokens. */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q4_0", "Q4_K", "Q5_K", "Q6_K", "Q8_0"})
    void aQuantisedSyntheticModelGivesBothEnginesTheSameTokens(GgmlType type) throws Exception {
        Path in = dir.resolve("f32.gguf");
        Path out = dir.resolve(type + ".gguf");
        SyntheticLlama.write(in, new SyntheticLlama.Shape(2, 256, 4, 4, 512, 300, 256), GgmlType.F32, 7);
        try (GgufQuantizer q = GgufQuantizer.open(in, type)) {
            q.write(out);
        }
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals(type, f.tensor("blk.1.ffn_down.weight").map(GgufTensor::type).orElseThrow());
        }
        List<String> texts = generateOnBoth(entry("q-" + type, out), out, "In the beginning God created", 12);
        assertEquals(texts.get(0), texts.get(1), type + ": java " + texts.get(0) + " | llamacpp " + texts.get(1));
    }

    /**
     * kjv-small (dim 128, ffn 384) as q4_k: no matrix has rows of whole 256-value blocks, so all fall back to Q8_0,
     * and both engines run the file and agree on 32 greedy tokens.
     */
    @Test
    void kjvSmallAsQ4KFallsBackToQ8_0AndRunsOnBothEngines() throws Exception {
        ModelZoo zoo = ModelZoo.builtIn();
        ModelEntry entry = zoo.find("kjv-small").orElseThrow();
        Path in = zoo.modelFile(entry, dir.resolve("cache"));
        Path out = dir.resolve("kjv-small-q4_k.gguf");
        try (GgufQuantizer q = GgufQuantizer.open(in, GgmlType.Q4_K)) {
            assertEquals(List.of("26 tensors kept as Q8_0: rows of 128 are not a multiple of 256 (Q4_K blocks)",
                    "4 tensors kept as Q8_0: rows of 384 are not a multiple of 256 (Q4_K blocks)"),
                    q.fallbacks().stream().map(GgufQuantizer.Fallback::line).toList());
            q.write(out);
        }
        try (GgufFile f = GgufFile.open(out)) {
            for (GgufTensor t : f.tensors()) {
                assertEquals(t.rank() == 1 ? GgmlType.F32 : GgmlType.Q8_0, t.type(), t.name());
            }
        }
        List<String> texts = generateOnBoth(entry, out, VERSES.get(0)[0], 32);
        assertEquals(texts.get(0), texts.get(1));
    }

    /**
     * kjv-large (F16, dim 256, ffn 768: whole K-quant blocks everywhere) quantised to each type: both engines agree on
     * 32 greedy tokens from a held-out prompt, and the java engine's log2-likelihood of each of three held-out verses
     * moves from the F16 file's by less than {@code tolerance} of it. Measured largest changes: Q4_0 1.8 %, Q4_K
     * 1.8 %, Q5_K 0.53 %, Q6_K 0.42 %, Q8_0 0.09 %; the bounds leave about twice that. (llama.cpp multiplies
     * K-quant rows by activations rounded to 8 bits, the java engine by floats: on other prompts a near-tie can
     * flip a later token, as it did for Q6_K within 32 tokens after Ruth 1:16.)
     */
    @ParameterizedTest
    @CsvSource({"Q4_0, 0.04", "Q4_K, 0.04", "Q5_K, 0.012", "Q6_K, 0.01", "Q8_0, 0.003"})
    void kjvLargeQuantisedKeepsItsLikelihood(GgmlType type, double tolerance) throws Exception {
        ModelZoo zoo = ModelZoo.builtIn();
        ModelEntry entry = zoo.find("kjv-large").orElseThrow();
        Path in = zoo.modelFile(entry, dir.resolve("cache"));
        Path out = dir.resolve("kjv-large-" + type + ".gguf");
        try (GgufQuantizer q = GgufQuantizer.open(in, type)) {
            assertEquals(List.of(), q.fallbacks());
            q.write(out);
        }
        double[] before = log2Likelihoods(entry, in);
        double[] after = log2Likelihoods(entry, out);
        for (int i = 0; i < before.length; i++) {
            double change = Math.abs(after[i] - before[i]) / Math.abs(before[i]);
            assertTrue(change < tolerance, type + " verse " + i + ": " + before[i] + " bits became " + after[i]);
        }
        List<String> texts = generateOnBoth(entry, out, VERSES.get(0)[0], 32);
        assertEquals(texts.get(0), texts.get(1), type + ": java " + texts.get(0) + " | llamacpp " + texts.get(1));
    }

    private static double[] log2Likelihoods(ModelEntry entry, Path file) throws Exception {
        double[] bits = new double[VERSES.size()];
        try (GenerationBackend b = SyntheticOnBothEnginesTest.engine("java").open(entry, file, BackendConfig.cpu(1))) {
            for (int i = 0; i < bits.length; i++) {
                bits[i] = b.log2Likelihood(VERSES.get(i)[0], VERSES.get(i)[1]);
            }
        }
        return bits;
    }
}
