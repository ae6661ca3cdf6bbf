package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weight bytes per decode step counted from fake GGUF files of known tensor sizes. */
class WeightTrafficTest {

    @TempDir
    Path dir;

    private static GgufWriter.Rows zeros() {
        return (row, values) -> { };
    }

    @Test
    void oneEmbeddingRowAndEveryOtherTensorOnceInTheirStoredAndJavaSizes() throws Exception {
        Path file = dir.resolve("untied.gguf");
        new GgufWriter()
                .tensor("token_embd.weight", GgmlType.F16, new long[] {64, 10}, zeros()) // 10 rows of 128 bytes
                .tensor("blk.0.attn_q.weight", GgmlType.F16, new long[] {64, 64}, zeros()) // 8192 bytes
                .tensor("blk.0.ffn_up.weight", GgmlType.Q8_0, new long[] {64, 32}, zeros()) // 32 rows x 2 blocks x 34
                .tensor("blk.0.attn_norm.weight", GgmlType.F32, new long[] {64}, zeros()) // 256 bytes
                .tensor("blk.0.ffn_down.weight", GgmlType.Q4_K, new long[] {256, 2}, zeros()) // 2 rows x 144
                .tensor("output.weight", GgmlType.F16, new long[] {64, 10}, zeros()) // 1280 bytes
                .write(file);
        WeightTraffic w = WeightTraffic.of(file);
        assertEquals(128 + 8192 + 32 * 2 * 34 + 256 + 2 * 144 + 1280, w.asStored());
        // F16 as floats, Q8_0 blocks split (36 bytes), Q4_K blocks with their scales, mins and dmin unpacked (+20)
        assertEquals(256 + 16384 + 32 * 2 * 36 + 256 + 2 * 164 + 2560, w.javaEngine());
    }

    @Test
    void aTiedEmbeddingIsReadWholeAsTheOutput() throws Exception {
        Path file = dir.resolve("tied.gguf");
        new GgufWriter()
                .tensor("token_embd.weight", GgmlType.F32, new long[] {64, 10}, zeros())
                .write(file);
        assertEquals(new WeightTraffic(2560, 2560), WeightTraffic.of(file));
    }
}
