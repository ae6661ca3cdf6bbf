package org.joulebench.runners.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import org.joulebench.zoo.gguf.Half;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels and their scalar fallback give the same bits, on rows with the extremes of Q8_0 (±127, −128,
 * scales from tiny to large, a zero scale), for one input and for a group of inputs (a step of several sequences).
 */
class KernelsTest {

    private static final int BLOCKS = 24; // 768 values, the 110m preset's width

    @Test
    void theTestsRunTheVectorKernels() {
        assertTrue(Kernels.VECTOR, "the build runs the tests with --add-modules jdk.incubator.vector");
    }

    @Test
    void vectorAndScalarQ8RowsAreTheSameToTheBit() {
        SplittableRandom random = new SplittableRandom(21);
        int rows = 40;
        ByteBuffer wb = ByteBuffer.allocate(rows * BLOCKS * 34).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < BLOCKS; k++) {
                int p = (r * BLOCKS + k) * 34;
                float scale = k == 3 ? 0 : (float) Math.pow(10, random.nextInt(-6, 2)) * (float) random.nextDouble();
                wb.putShort(p, Half.fromFloat(scale));
                for (int j = 0; j < 32; j++) {
                    int v = j == 0 ? -128 : j == 1 ? 127 : random.nextInt(-127, 128);
                    wb.put(p + 2 + j, (byte) v);
                }
            }
        }
        Q8Weights q8 = Q8Weights.split(wb, rows * BLOCKS);
        byte[] w = wb.array();
        int inputs = VectorKernels.GROUP + 1;
        float[] xf = new float[inputs * BLOCKS * 32];
        float[] xd = new float[inputs * BLOCKS];
        for (int i = 0; i < xf.length; i++) {
            xf[i] = random.nextInt(-127, 128);
        }
        for (int i = 0; i < xd.length; i++) {
            xd[i] = Half.round((float) random.nextDouble() / 100);
        }
        float[] lanes = new float[Kernels.LANES];
        float[] grouped = new float[VectorKernels.GROUP * rows];
        int[] xo = new int[VectorKernels.GROUP];
        int[] xb = new int[VectorKernels.GROUP];
        for (int i = 0; i < VectorKernels.GROUP; i++) {
            xo[i] = (i + 1) * BLOCKS * 32;
            xb[i] = (i + 1) * BLOCKS;
        }
        for (int r = 0; r < rows; r++) {
            int at = r * BLOCKS * 34;
            int b0 = r * BLOCKS;
            VectorKernels.q8Rows(q8.q, q8.d, b0, BLOCKS, xf, xo, xd, xb, lanes, grouped, r, rows);
            for (int t = 0; t < inputs; t++) {
                float scalar = Kernels.q8RowScalar(q8.q, q8.d, b0, BLOCKS, xf, t * BLOCKS * 32, xd, t * BLOCKS, lanes);
                float vector = VectorKernels.q8Row(q8.q, q8.d, b0, BLOCKS, xf, t * BLOCKS * 32, xd, t * BLOCKS, lanes);
                assertEquals(Float.floatToIntBits(scalar), Float.floatToIntBits(vector),
                        "row " + r + " input " + t + ": " + scalar + " vs " + vector);
                if (t > 0) {
                    assertEquals(Float.floatToIntBits(scalar), Float.floatToIntBits(grouped[(t - 1) * rows + r]),
                            "row " + r + " input " + t + " in a group");
                }
                // and both are the exact dot product up to float rounding (relative to the terms' magnitudes)
                double exact = 0;
                double magnitude = 0;
                for (int k = 0; k < BLOCKS; k++) {
                    double d = Half.toFloat(wb.getShort(at + k * 34)) * (double) xd[t * BLOCKS + k];
                    long sum = 0;
                    for (int j = 0; j < 32; j++) {
                        sum += w[at + k * 34 + 2 + j] * (long) xf[t * BLOCKS * 32 + k * 32 + j];
                    }
                    exact += sum * d;
                    magnitude += Math.abs(sum * d);
                }
                assertEquals(exact, scalar, 1e-5 * magnitude + 1e-30, "row " + r + " input " + t);
            }
        }
    }

    /** F32 and F16 rows, grouped four at a time and two inputs at a time, give the scalar lanes' bits. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"F32,45", "F32,64", "F16,768", "F16,13"})
    void vectorAndScalarDenseRowsAreTheSameToTheBit(org.joulebench.zoo.gguf.GgmlType type, int cols) {
        SplittableRandom random = new SplittableRandom(cols);
        int rows = 7; // one group of four rows and three alone
        ByteBuffer wb = ByteBuffer.allocate(rows * cols * (type == org.joulebench.zoo.gguf.GgmlType.F32 ? 4 : 2))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rows * cols; i++) {
            float v = (float) (random.nextDouble() * 2 - 1) * (i % 17 == 0 ? 300 : 1);
            if (type == org.joulebench.zoo.gguf.GgmlType.F32) {
                wb.putFloat(i * 4, v);
            } else {
                wb.putShort(i * 2, Half.fromFloat(v));
            }
        }
        Matrix m = Matrix.of("w", type, rows, cols, wb);
        for (int vectors : new int[] {1, 2, 3}) {
            Activations x = new Activations(cols, vectors);
            for (int i = 0; i < cols * vectors; i++) {
                x.f[i] = (float) (random.nextDouble() * 2 - 1) * (i % 23 == 0 ? 1e4f : 1);
            }
            x.filled(vectors);
            x.prepare(type);
            float[] out = new float[rows * vectors];
            m.multiply(x, out, 0, rows, new Matrix.Scratch(cols));
            float[] row = new float[cols];
            float[] lanes = new float[Kernels.LANES];
            float[] in = type == org.joulebench.zoo.gguf.GgmlType.F16 ? x.f16 : x.f;
            for (int r = 0; r < rows; r++) {
                m.row(r, row, 0, null);
                for (int t = 0; t < vectors; t++) {
                    float expected = Kernels.denseRowScalar(row, 0, in, t * cols, cols, lanes);
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[t * rows + r]),
                            type + " row " + r + " of " + vectors + " inputs: " + expected + " vs " + out[t * rows + r]);
                }
            }
        }
    }

    /** Attention's weighted sum of values on the Vector API gives the scalar loop's bits, for any head width. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {64, 128, 40, 45, 7})
    void vectorAndScalarWeightedSumsOfValuesAreTheSameToTheBit(int width) {
        SplittableRandom random = new SplittableRandom(width);
        int count = 77;
        int stride = width * 3 + 5; // a head inside a wider key/value row
        int vo = width + 2;
        float[] p = new float[count];
        for (int j = 0; j < count; j++) {
            p[j] = Half.round((float) random.nextDouble() / count * (j % 11 == 0 ? 9 : 1));
        }
        float[] v = new float[vo + count * stride];
        for (int i = 0; i < v.length; i++) {
            v[i] = Half.round((float) (random.nextDouble() * 2 - 1) * (i % 29 == 0 ? 300 : 1));
        }
        float[] vector = new float[width + 3];
        VectorKernels.weightedSum(p, count, v, vo, stride, vector, 3, width);
        for (int i = 0; i < width; i++) {
            float scalar = 0;
            for (int j = 0; j < count; j++) {
                scalar += p[j] * v[vo + j * stride + i];
            }
            assertEquals(Float.floatToIntBits(scalar), Float.floatToIntBits(vector[3 + i]),
                    "element " + i + ": " + scalar + " vs " + vector[3 + i]);
        }
    }

    /** Attention's scores are each key's dot as an F32 row's (eight lanes), for head widths with and without a tail. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {64, 128, 45, 3})
    void attentionScoresAreDenseRowDotsToTheBit(int width) {
        SplittableRandom random = new SplittableRandom(width + 1);
        int count = 31;
        int stride = width * 2 + 3;
        int ko = width + 1;
        float[] q = new float[width + 5];
        for (int i = 0; i < q.length; i++) {
            q[i] = Half.round((float) (random.nextDouble() * 2 - 1) * (i % 13 == 0 ? 40 : 1));
        }
        float[] k = new float[ko + count * stride];
        for (int i = 0; i < k.length; i++) {
            k[i] = Half.round((float) (random.nextDouble() * 2 - 1) * (i % 17 == 0 ? 200 : 1));
        }
        float scale = 1 / (float) Math.sqrt(width);
        float[] sc = new float[count];
        Forward.scores(q, 5, k, ko, stride, count, width, scale, sc, new float[Kernels.LANES]);
        for (int j = 0; j < count; j++) {
            float scalar = Kernels.denseRowScalar(k, ko + j * stride, q, 5, width, new float[Kernels.LANES]) * scale;
            assertEquals(Float.floatToIntBits(scalar), Float.floatToIntBits(sc[j]), "key " + j + ": " + scalar + " vs "
                    + sc[j]);
        }
    }
}
