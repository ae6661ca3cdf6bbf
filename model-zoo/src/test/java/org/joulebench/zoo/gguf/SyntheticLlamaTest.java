package org.joulebench.zoo.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.joulebench.zoo.gguf.SyntheticLlama.Preset;
import org.joulebench.zoo.gguf.SyntheticLlama.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticLlamaTest {

    @TempDir
    Path dir;

    @Test
    void presetsHaveTheShapesOfTheModelsTheyImitateAndExactCounts() {
        assertEquals(119_104, Preset.TINY.shape().parameters());
        assertEquals(24_407_712, Preset.STORIES_15M.shape().parameters());
        assertEquals(134_105_856, Preset.STORIES_110M.shape().parameters());
        assertEquals(1_104_218_112, Preset.LLAMA_1B.shape().parameters());
        assertEquals(GgmlType.Q8_0, Preset.of("1b").weightType());
        assertEquals(768, Shape.defaultFfn(288));
        assertEquals(2048, Shape.defaultFfn(768));
        assertEquals(192, Shape.defaultFfn(64));
        assertEquals("unknown preset '7b'; presets are [tiny, 15m, 110m, 1b]",
                assertThrows(IllegalArgumentException.class, () -> Preset.of("7b")).getMessage());
    }

    @Test
    void writesTheSpecLayoutWithAnExactParameterCount() throws IOException {
        Path file = dir.resolve("tiny.gguf");
        SyntheticLlama.write(file, Preset.TINY, 7);
        try (GgufFile f = GgufFile.open(file)) {
            assertEquals("llama", f.get("general.architecture").orElseThrow().asString());
            assertEquals(64, f.get("llama.embedding_length").orElseThrow().asInt());
            assertEquals(16, f.get("llama.rope.dimension_count").orElseThrow().asInt());
            assertEquals(GgufValueType.UINT32, f.get("llama.block_count").orElseThrow().type());
            assertEquals(10000f, f.get("llama.rope.freq_base").orElseThrow().asFloat());
            assertEquals("gpt-2", f.get("tokenizer.ggml.pre").orElseThrow().asString());
            assertEquals(287, f.get("tokenizer.ggml.eos_token_id").orElseThrow().asInt());
            assertFalse(f.get("tokenizer.ggml.add_bos_token").orElseThrow().asBoolean());
            long total = f.tensors().stream().mapToLong(GgufTensor::elements).sum();
            assertEquals(Preset.TINY.shape().parameters(), total);
            assertEquals(2 + 2 * 9 + 1, f.tensors().size());
            GgufTensor embd = f.tensor("token_embd.weight").orElseThrow();
            assertEquals(List.of(64L, 288L), List.of(embd.dim(0), embd.dim(1)));
            GgufTensor down = f.tensor("blk.1.ffn_down.weight").orElseThrow();
            assertEquals(List.of(128L, 64L), List.of(down.dim(0), down.dim(1)));
            float[] w = f.readFloats(f.tensor("blk.0.attn_q.weight").orElseThrow());
            double sum = 0;
            double sq = 0;
            for (float v : w) {
                sum += v;
                sq += v * v;
            }
            assertEquals(0, sum / w.length, 0.002);
            assertEquals(0.02, Math.sqrt(sq / w.length), 0.002);
            for (float v : f.readFloats(f.tensor("output_norm.weight").orElseThrow())) {
                assertEquals(1f, v);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameValuesWhateverTheType() throws IOException {
        Shape s = new Shape(1, 32, 2, 1, 64, 260, 16);
        Path f32 = dir.resolve("a.gguf");
        Path again = dir.resolve("b.gguf");
        Path q8 = dir.resolve("q.gguf");
        SyntheticLlama.write(f32, s, GgmlType.F32, 3);
        SyntheticLlama.write(again, s, GgmlType.F32, 3);
        SyntheticLlama.write(q8, s, GgmlType.Q8_0, 3);
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(f32), Files.readAllBytes(again)), "deterministic");
        try (GgufFile a = GgufFile.open(f32); GgufFile q = GgufFile.open(q8)) {
            assertEquals(1, a.get("llama.attention.head_count_kv").orElseThrow().asInt());
            assertEquals(List.of(32L, 16L), List.of(a.tensor("blk.0.attn_k.weight").orElseThrow().dim(0),
                    a.tensor("blk.0.attn_k.weight").orElseThrow().dim(1)));
            float[] x = a.readFloats(a.tensor("output.weight").orElseThrow());
            float[] y = q.readFloats(q.tensor("output.weight").orElseThrow());
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 0.0006f, "value " + i);
            }
        }
    }

    @Test
    void q8NeedsWholeBlocks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticLlama.write(dir.resolve("x.gguf"), Shape.of(1, 48, 2, 300, 8), GgmlType.Q8_0, 1));
        assertEquals("Q8_0 stores rows in blocks of 32; dim 48 and ffn 128 must both be multiples of it",
                e.getMessage());
    }

    @Test
    void vocabularyIsWellFormedForLlamaCpp() {
        SyntheticVocab v = SyntheticVocab.build(32000);
        assertEquals(32000, v.tokens.size());
        assertEquals(31743, v.merges.size());
        assertEquals(SyntheticVocab.EOS, v.tokens.get(31999));
        assertEquals(31999, v.eos);
        assertEquals(SyntheticVocab.CONTROL, v.types[31999]);
        assertEquals("Ġ", v.tokens.get(' '));
        assertEquals("Ċ", v.tokens.get('\n'));
        assertEquals("A", v.tokens.get('A'));
        assertEquals(32000, new HashSet<>(v.tokens).size(), "every token spelt once");
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < v.tokens.size(); i++) {
            ids.put(v.tokens.get(i), i);
        }
        Set<Character> byteChars = new HashSet<>();
        for (char c : SyntheticVocab.BYTE_TO_CHAR) {
            byteChars.add(c);
        }
        for (int r = 0; r < v.merges.size(); r++) {
            String[] parts = v.merges.get(r).split(" ");
            assertEquals(2, parts.length, v.merges.get(r));
            int result = 256 + r;
            assertEquals(parts[0] + parts[1], v.tokens.get(result), "merge " + r + " makes token " + result);
            assertTrue(ids.get(parts[0]) < result && ids.get(parts[1]) < result, "merge " + r + " joins earlier tokens");
            for (char c : v.tokens.get(result).toCharArray()) {
                assertTrue(byteChars.contains(c), "token " + result + " is spelt in byte characters");
            }
        }
        assertTrue(v.merges.contains("Ġ t"), v.merges.subList(0, 20).toString());
        assertTrue(v.merges.indexOf("Ġ t") < v.merges.indexOf("Ġth e"), "learnt from the text: the");
        assertEquals(SyntheticVocab.build(300).merges, v.merges.subList(0, 43), "smaller vocabularies are prefixes");
    }
}
