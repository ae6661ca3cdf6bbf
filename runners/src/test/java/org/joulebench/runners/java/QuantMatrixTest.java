package org.joulebench.runners.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufFile;
import org.joulebench.zoo.gguf.GgufValue;
import org.joulebench.zoo.gguf.GgufWriter;
import org.joulebench.zoo.gguf.QuantBlocks;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The quantised products against the same product in doubles of what they multiply: the weights as their blocks
 * dequantise and the inputs as quantised (Q8_0 for Q4_0, Q8_K for the K-quants). Only the rounding of the float
 * accumulation may differ.
 */
class QuantMatrixTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"Q8_0,false", "Q4_0,false", "Q4_K,false", "Q5_K,false",
            "Q6_K,false", "Q8_0,true", "Q4_0,true", "Q4_K,true", "Q5_K,true", "Q6_K,true"})
    void productsAreTheDotsOfTheDequantisedWeightsAndTheQuantisedInputs(GgmlType type, boolean prefill)
            throws Exception {
        int rows = 6;
        int cols = 512;
        int vectors = 3;
        SplittableRandom random = new SplittableRandom(11);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextDouble() * 2 - 1) * (i % 97 == 0 ? 4 : 1);
        }
        ByteBuffer data = written(type + ".gguf", type, rows, cols, w);
        Matrix m = Matrix.of("w", type, rows, cols, data);
        Activations x = new Activations(cols, vectors);
        for (int i = 0; i < cols * vectors; i++) {
            x.f[i] = (float) (random.nextDouble() * 2 - 1);
        }
        x.filled(vectors, prefill);
        x.prepare(type);
        float[] out = new float[rows * vectors];
        m.multiply(x, out, 0, rows, new Matrix.Scratch(cols));

        boolean q8 = type == GgmlType.Q4_0 || type == GgmlType.Q8_0;
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            QuantBlocks.dequantize(type, data, r * (int) type.byteSize(cols), row, 0, cols);
            for (int t = 0; t < vectors; t++) {
                double expected = 0;
                double scale = 0;
                for (int c = 0; c < cols; c++) {
                    double xi = q8 ? x.q[t * cols + c] * (double) x.qd[(t * cols + c) / 32]
                            : x.k[t * cols + c] * (double) x.kd[(t * cols + c) / QuantBlocks.QK_K];
                    expected += row[c] * xi;
                    scale += Math.abs(row[c] * xi);
                }
                assertEquals(expected, out[t * rows + r], 2e-6 * scale, type + (prefill ? " prefill" : "") + " row "
                        + r + " vector " + t);
            }
        }
        // and the inputs' quantisation is close to the inputs
        for (int i = 0; i < cols; i++) {
            double xi = q8 ? x.q[i] * (double) x.qd[i / 32] : x.k[i] * (double) x.kd[i / 256];
            assertTrue(Math.abs(xi - x.f[i]) < 0.01, "input " + i + ": " + x.f[i] + " quantised to " + xi);
        }
    }

    /** Every type on the Vector API gives the scalar code's bits, for one input and a batch. */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void vectorAndScalarKQuantProductsAreTheSameToTheBit(GgmlType type) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kernels.VECTOR, "the Vector API is not in this JVM");
        int rows = 9;
        int cols = 768;
        SplittableRandom random = new SplittableRandom(5);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextDouble() * 2 - 1) * (i % 61 == 0 ? 8 : 1) + (i % 256 < 32 ? 0.7f : 0);
        }
        ByteBuffer data = written("v-" + type + ".gguf", type, rows, cols, w);
        QuantMatrix m = (QuantMatrix) Matrix.of("w", type, rows, cols, data);
        for (int vectors : new int[] {1, 3}) { // one input (decode: unpacked on the fly), a batch (unpacked once)
            Activations x = new Activations(cols, vectors);
            for (int i = 0; i < cols * vectors; i++) {
                x.f[i] = (float) (random.nextDouble() * 2 - 1) * (i % 37 == 0 ? 5 : 1);
            }
            x.filled(vectors);
            x.prepare(type);
            float[] scalar = new float[rows * vectors];
            float[] vector = new float[rows * vectors];
            m.multiply(x, scalar, 0, rows, new Matrix.Scratch(cols), false);
            m.multiply(x, vector, 0, rows, new Matrix.Scratch(cols), true);
            // the rows split as workers split them, ranges that start and end inside a group of eight blocks
            float[] pieces = new float[rows * vectors];
            Matrix.Scratch s = new Matrix.Scratch(cols);
            m.multiply(x, pieces, 0, 2, s, true);
            m.multiply(x, pieces, 2, 7, s, true);
            m.multiply(x, pieces, 7, rows, s, true);
            for (int i = 0; i < scalar.length; i++) {
                assertEquals(Float.floatToIntBits(scalar[i]), Float.floatToIntBits(vector[i]),
                        type + " output " + i + " of " + vectors + " inputs: " + scalar[i] + " vs " + vector[i]);
                assertEquals(Float.floatToIntBits(scalar[i]), Float.floatToIntBits(pieces[i]),
                        type + " output " + i + " of " + vectors + " inputs, rows in pieces");
            }
        }
    }

    /**
     * A prefill batch multiplies each row as its blocks dequantise ({@link QuantBlocks#dequantize}, the reference)
     * with the inputs' quantised values times their scales, each product as an F32 row's ({@link
     * Kernels#denseRowScalar}): the same bits on the Vector API or not, for a slab of four rows and rows alone.
     */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void aPrefillBatchIsTheDenseProductOfTheDequantisedRowsToTheBit(GgmlType type) throws Exception {
        int rows = 7;
        int cols = 512;
        SplittableRandom random = new SplittableRandom(7);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextDouble() * 2 - 1) * (i % 61 == 0 ? 8 : 1);
        }
        ByteBuffer data = written("p-" + type + ".gguf", type, rows, cols, w);
        Matrix m = Matrix.of("w", type, rows, cols, data);
        for (int vectors : new int[] {2, 5}) {
            Activations x = new Activations(cols, vectors);
            for (int i = 0; i < cols * vectors; i++) {
                x.f[i] = (float) (random.nextDouble() * 2 - 1) * (i % 37 == 0 ? 5 : 1);
            }
            x.filled(vectors, true);
            x.prepare(type);
            boolean q8 = type == GgmlType.Q4_0 || type == GgmlType.Q8_0;
            float[] in = q8 ? x.q8s : x.k8s;
            for (int i = 0; i < cols * vectors; i++) {
                float expected = q8 ? x.q[i] * x.qd[i / 32] : x.k[i] * x.kd[i / QuantBlocks.QK_K];
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(in[i]), "input value " + i);
            }
            float[] out = new float[rows * vectors];
            // rows 1..6: a slab of four and two alone
            m.multiply(x, out, 1, rows, new Matrix.Scratch(cols));
            float[] row = new float[cols];
            float[] lanes = new float[Kernels.LANES];
            for (int r = 1; r < rows; r++) {
                QuantBlocks.dequantize(type, data, r * (int) type.byteSize(cols), row, 0, cols);
                for (int t = 0; t < vectors; t++) {
                    float expected = Kernels.denseRowScalar(row, 0, in, t * cols, cols, lanes);
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[t * rows + r]),
                            type + " row " + r + " of " + vectors + " inputs: " + expected + " vs "
                                    + out[t * rows + r]);
                }
            }
        }
    }

    /** {@code w} ({@code rows × cols}) written as {@code type} to a GGUF file named {@code name}, and its data read back. */
    private ByteBuffer written(String name, GgmlType type, int rows, int cols, float[] w) throws Exception {
        Path file = dir.resolve(name);
        new GgufWriter().put("general.architecture", GgufValue.string("test"))
                .tensor("w", type, new long[] {cols, rows}, w).write(file);
        try (GgufFile f = GgufFile.open(file)) {
            return f.data(f.tensors().get(0)).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
