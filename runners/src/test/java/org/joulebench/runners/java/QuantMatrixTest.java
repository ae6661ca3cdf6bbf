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
    @EnumSource(value = GgmlType.class, names = {"Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void productsAreTheDotsOfTheDequantisedWeightsAndTheQuantisedInputs(GgmlType type) throws Exception {
        int rows = 6;
        int cols = 512;
        int vectors = 3;
        SplittableRandom random = new SplittableRandom(11);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextDouble() * 2 - 1) * (i % 97 == 0 ? 4 : 1);
        }
        Path file = dir.resolve(type + ".gguf");
        new GgufWriter().put("general.architecture", GgufValue.string("test"))
                .tensor("w", type, new long[] {cols, rows}, w).write(file);
        ByteBuffer data;
        try (GgufFile f = GgufFile.open(file)) {
            data = f.data(f.tensors().get(0)).order(ByteOrder.LITTLE_ENDIAN);
        }
        Matrix m = Matrix.of("w", type, rows, cols, data);
        Activations x = new Activations(cols, vectors);
        for (int i = 0; i < cols * vectors; i++) {
            x.f[i] = (float) (random.nextDouble() * 2 - 1);
        }
        x.filled(vectors);
        x.prepare(type);
        float[] out = new float[rows * vectors];
        m.multiply(x, out, 0, rows, new Matrix.Scratch(cols));

        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            QuantBlocks.dequantize(type, data, r * (int) type.byteSize(cols), row, 0, cols);
            for (int t = 0; t < vectors; t++) {
                double expected = 0;
                double scale = 0;
                for (int c = 0; c < cols; c++) {
                    double xi = type == GgmlType.Q4_0 ? x.q[t * cols + c] * (double) x.qd[(t * cols + c) / 32]
                            : x.k[t * cols + c] * (double) x.kd[(t * cols + c) / QuantBlocks.QK_K];
                    expected += row[c] * xi;
                    scale += Math.abs(row[c] * xi);
                }
                assertEquals(expected, out[t * rows + r], 2e-6 * scale, type + " row " + r + " vector " + t);
            }
        }
        // and the inputs' quantisation is close to the inputs
        for (int i = 0; i < cols; i++) {
            double xi = type == GgmlType.Q4_0 ? x.q[i] * (double) x.qd[i / 32] : x.k[i] * (double) x.kd[i / 256];
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
        Path file = dir.resolve("v-" + type + ".gguf");
        new GgufWriter().put("general.architecture", GgufValue.string("test"))
                .tensor("w", type, new long[] {cols, rows}, w).write(file);
        ByteBuffer data;
        try (GgufFile f = GgufFile.open(file)) {
            data = f.data(f.tensors().get(0)).order(ByteOrder.LITTLE_ENDIAN);
        }
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
            for (int i = 0; i < scalar.length; i++) {
                assertEquals(Float.floatToIntBits(scalar[i]), Float.floatToIntBits(vector[i]),
                        type + " output " + i + " of " + vectors + " inputs: " + scalar[i] + " vs " + vector[i]);
            }
        }
    }
}
