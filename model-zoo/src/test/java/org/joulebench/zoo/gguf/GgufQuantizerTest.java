package org.joulebench.zoo.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code zoo quantize}'s model-zoo half: the types chosen per tensor, the values kept, the metadata copied. */
class GgufQuantizerTest {

    /** Matrices with rows of 256 (dim) and 512 (ffn): whole blocks of every type. */
    static final SyntheticLlama.Shape SHAPE_256 = new SyntheticLlama.Shape(2, 256, 4, 4, 512, 300, 256);

    @TempDir
    Path dir;

    /**
     * Every matrix in the asked type, every norm F32, and each value within the type's precision (the bounds of
     * {@code QuantBlocksTest} for the relative rms error of the whole tensor; each value's error against the largest
     * magnitude of its row, measured at most 0.125, 0.066, 0.032, 0.039 and 0.0042 for these types (Q6_K's reference
     * search for the scale may clip a row's largest value), bounded with a margin).
     */
    @ParameterizedTest
    @CsvSource({"Q4_0, 0.15, 0.13", "Q4_K, 0.13, 0.08", "Q5_K, 0.065, 0.045", "Q6_K, 0.035, 0.05", "Q8_0, 0.01, 0.005"})
    void aF32ModelIsQuantisedTensorByTensor(GgmlType type, double rmsBound, double worstBound) throws IOException {
        Path in = dir.resolve("in.gguf");
        Path out = dir.resolve("out.gguf");
        SyntheticLlama.write(in, SHAPE_256, GgmlType.F32, 7);
        try (GgufQuantizer q = GgufQuantizer.open(in, type)) {
            assertEquals(List.of(), q.fallbacks());
            assertEquals("F32", q.fromTypes());
            q.write(out);
            assertTrue(Files.size(out) <= q.estimatedFileBytes(), "the estimate is an upper bound");
            assertTrue(Files.size(out) > q.estimatedFileBytes() - 200_000, "and a close one");
        }
        try (GgufFile a = GgufFile.open(in); GgufFile b = GgufFile.open(out)) {
            assertEquals(a.tensors().size(), b.tensors().size());
            for (GgufTensor ta : a.tensors()) {
                GgufTensor tb = b.tensor(ta.name()).orElseThrow();
                assertEquals(ta.rank() == 1 ? GgmlType.F32 : type, tb.type(), ta.name());
                assertEquals(List.of(ta.dims()[0], ta.rank()), List.of(tb.dims()[0], tb.rank()), ta.name());
                float[] x = a.readFloats(ta);
                float[] y = b.readFloats(tb);
                double err = 0;
                double sum = 0;
                for (int i = 0; i < x.length; i++) {
                    err += (x[i] - y[i]) * (x[i] - y[i]);
                    sum += x[i] * x[i];
                }
                double rms = Math.sqrt(err / sum);
                assertTrue(rms < (ta.rank() == 1 ? 1e-9 : rmsBound), ta.name() + " " + type + ": rms " + rms);
                int row = (int) ta.rowLength();
                for (int r = 0; r < x.length / row; r++) {
                    float amax = 0;
                    for (int i = r * row; i < (r + 1) * row; i++) {
                        amax = Math.max(amax, Math.abs(x[i]));
                    }
                    for (int i = r * row; i < (r + 1) * row; i++) {
                        assertTrue(Math.abs(x[i] - y[i]) <= worstBound * amax + 1e-7, ta.name() + " value " + i
                                + ": " + x[i] + " came back as " + y[i]);
                    }
                }
            }
            assertMetadataCopied(a, b, type, "F32");
            assertFalse(b.get(GgufQuantizer.FALLBACKS_KEY).isPresent(), "no fallback, no key");
        }
    }

    static void assertMetadataCopied(GgufFile a, GgufFile b, GgmlType type, String from) {
        for (Map.Entry<String, GgufValue> kv : a.metadata().entrySet()) {
            if (!kv.getKey().equals("general.file_type")) {
                assertEquals(kv.getValue(), b.get(kv.getKey()).orElseThrow(), kv.getKey());
            }
        }
        assertEquals(SyntheticLlama.fileType(type), b.get("general.file_type").orElseThrow().asInt());
        assertEquals("joulebench zoo quantize", b.get(GgufQuantizer.QUANTIZED_BY_KEY).orElseThrow().asString());
        assertEquals(from, b.get(GgufQuantizer.QUANTIZED_FROM_KEY).orElseThrow().asString());
    }

    /**
     * llama.cpp's Q4_K_M and Q5_K_M: Q6_K for output.weight and, in the layers that get more bits (of 16: 0, 1, 4, 7,
     * 10, 13, 14, 15), for attn_v and ffn_down; the base type elsewhere; llama.cpp's file type.
     */
    @ParameterizedTest
    @CsvSource({"Q4_K_M, Q4_K, 15", "Q5_K_M, Q5_K, 17"})
    void theMediumMixesGiveSomeMatricesMoreBitsAsLlamaCppDoes(GgufQuantizer.Mix mix, GgmlType base, int fileType)
            throws IOException {
        SyntheticLlama.Shape shape = new SyntheticLlama.Shape(16, 256, 4, 4, 256, 300, 64);
        Path in = dir.resolve("in.gguf");
        Path out = dir.resolve("out.gguf");
        SyntheticLlama.write(in, shape, GgmlType.F32, 5);
        try (GgufQuantizer q = GgufQuantizer.open(in, mix)) {
            assertEquals(List.of(), q.fallbacks());
            // 16 layers x 7 matrices + token_embd + output; 8 layers x 2 + output in Q6_K
            assertEquals(java.util.Map.of(base, 16 * 7 + 2 - 17, GgmlType.Q6_K, 17), q.matrixTypes());
            q.write(out);
        }
        java.util.Set<Integer> more = java.util.Set.of(0, 1, 4, 7, 10, 13, 14, 15);
        try (GgufFile b = GgufFile.open(out)) {
            assertEquals(GgmlType.Q6_K, b.tensor("output.weight").orElseThrow().type());
            assertEquals(base, b.tensor("token_embd.weight").orElseThrow().type());
            for (int i = 0; i < 16; i++) {
                GgmlType expected = more.contains(i) ? GgmlType.Q6_K : base;
                assertEquals(expected, b.tensor("blk." + i + ".attn_v.weight").orElseThrow().type(), "layer " + i);
                assertEquals(expected, b.tensor("blk." + i + ".ffn_down.weight").orElseThrow().type(), "layer " + i);
                assertEquals(base, b.tensor("blk." + i + ".attn_k.weight").orElseThrow().type(), "layer " + i);
                assertEquals(base, b.tensor("blk." + i + ".ffn_up.weight").orElseThrow().type(), "layer " + i);
            }
            assertEquals(fileType, b.get("general.file_type").orElseThrow().asLong());
        }
    }

    @Test
    void rowsThatAreNotWholeKQuantBlocksFallBackToQ8_0OrF16AndSaySo() throws IOException {
        // dim 80: rows of 80 are not whole blocks of 32 either (F16); ffn 224 (ffn_down's rows) is 7 blocks of 32.
        SyntheticLlama.Shape shape = new SyntheticLlama.Shape(2, 80, 4, 4, 224, 300, 64);
        Path in = dir.resolve("in.gguf");
        Path out = dir.resolve("out.gguf");
        SyntheticLlama.write(in, shape, GgmlType.F32, 3);
        try (GgufQuantizer q = GgufQuantizer.open(in, GgmlType.Q4_K)) {
            assertEquals(List.of(
                    "14 tensors kept as F16: rows of 80 are not a multiple of 256 (Q4_K blocks)",
                    "2 tensors kept as Q8_0: rows of 224 are not a multiple of 256 (Q4_K blocks)"),
                    q.fallbacks().stream().map(GgufQuantizer.Fallback::line).sorted().toList());
            assertEquals(0, q.tensorsInAskedType());
            q.write(out);
        }
        try (GgufFile b = GgufFile.open(out)) {
            assertEquals(GgmlType.F16, b.tensor("token_embd.weight").orElseThrow().type());
            assertEquals(GgmlType.F16, b.tensor("blk.0.attn_q.weight").orElseThrow().type());
            assertEquals(GgmlType.Q8_0, b.tensor("blk.1.ffn_down.weight").orElseThrow().type());
            assertEquals(GgmlType.F32, b.tensor("blk.1.ffn_norm.weight").orElseThrow().type());
            assertEquals(2, b.get(GgufQuantizer.FALLBACKS_KEY).orElseThrow().asStrings().size());
        }
    }

    @Test
    void aQuantisedModelIsRequantisedFromItsValues() throws IOException {
        Path in = dir.resolve("q8.gguf");
        Path mid = dir.resolve("q4k.gguf");
        Path again = dir.resolve("q6k.gguf");
        SyntheticLlama.write(in, SHAPE_256, GgmlType.Q8_0, 7);
        try (GgufQuantizer q = GgufQuantizer.open(in, GgmlType.Q4_K)) {
            assertEquals("Q8_0", q.fromTypes());
            q.write(mid);
        }
        try (GgufQuantizer q = GgufQuantizer.open(mid, GgmlType.Q6_K)) {
            assertEquals("Q4_K", q.fromTypes());
            q.write(again);
        }
        try (GgufFile a = GgufFile.open(mid); GgufFile b = GgufFile.open(again)) {
            assertEquals("Q4_K", b.get(GgufQuantizer.QUANTIZED_FROM_KEY).orElseThrow().asString(),
                    "the key says this pass, not the one before");
            GgufTensor t = a.tensor("blk.0.attn_v.weight").orElseThrow();
            float[] x = a.readFloats(t);
            float[] y = b.readFloats(b.tensor(t.name()).orElseThrow());
            double err = 0;
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                err += (x[i] - y[i]) * (x[i] - y[i]);
                sum += x[i] * x[i];
            }
            assertTrue(Math.sqrt(err / sum) < 0.035, "Q4_K values as Q6_K: " + Math.sqrt(err / sum));
        }
    }

    @Test
    void anotherArchitectureIsRefused() throws IOException {
        Path in = dir.resolve("bert.gguf");
        new GgufWriter().put("general.architecture", GgufValue.string("bert"))
                .tensor("w", GgmlType.F32, new long[] {32, 2}, new float[64]).write(in);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GgufQuantizer.open(in, GgmlType.Q8_0));
        assertTrue(e.getMessage().endsWith("is a 'bert' model; Joulebench quantises llama models only"), e.getMessage());
    }

    @Test
    void aTensorTypeJoulebenchCannotReadIsRefusedByName() throws IOException {
        Path in = dir.resolve("q5_0.gguf");
        new GgufWriter().put("general.architecture", GgufValue.string("llama"))
                .tensor("odd.weight", GgmlType.Q8_0, new long[] {32, 2}, new float[64]).write(in);
        retype(in, "odd.weight", GgmlType.Q5_0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GgufQuantizer.open(in, GgmlType.Q4_K));
        assertTrue(e.getMessage().contains("holds tensors of types Joulebench cannot read: Q5_0 (odd.weight)"),
                e.getMessage());
    }

    @Test
    void f32IsNoTarget() {
        assertThrows(IllegalArgumentException.class, () -> GgufQuantizer.open(dir.resolve("x.gguf"), GgmlType.F32));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Rewrites a tensor's type id in place (Q8_0 and Q5_0 blocks of 32 take 34 and 22 bytes, so the data still fits).
     */
    static void retype(Path file, String tensor, GgmlType type) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] name = tensor.getBytes(StandardCharsets.UTF_8);
        int at = -1;
        for (int i = 0; i + name.length <= bytes.length && at < 0; i++) {
            if (java.util.Arrays.equals(bytes, i, i + name.length, name, 0, name.length)) {
                at = i;
            }
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int rank = b.getInt(at + name.length);
        b.putInt(at + name.length + 4 + 8 * rank, type.id());
        Files.write(file, bytes);
    }
}
