package org.joulebench.runners.java;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.Half;

/**
 * A weight matrix of {@code rows x cols} (GGUF {@code [cols, rows]}). F32 and F16 weights are decoded once, when the
 * model loads, into a float array on the heap: a trade of memory for speed (an F16 model takes twice its file size
 * there) that changes no result, since every half is exactly a float. The hot loops then read plain floats instead
 * of decoding halves bit by bit, which Java 17 cannot vectorise. Q8_0 weights are copied, still quantised, onto the
 * heap, split into values and scales ({@link Q8Weights}), and Q4_0 and the K-quants as they are ({@link QuantMatrix}).
 */
abstract class Matrix {

    final String name;
    final GgmlType type;
    final int rows;
    final int cols;

    /** Per-thread space for one decoded row. */
    static final class Scratch {
        final float[] row;
        final byte[] bytes;
        final float[] scales;
        final float[] lanes = new float[Kernels.LANES];

        Scratch(int maxCols) {
            row = new float[maxCols];
            bytes = new byte[maxCols / Activations.QK * 34 + 34];
            scales = new float[maxCols / Activations.QK + 1];
        }
    }

    Matrix(String name, GgmlType type, int rows, int cols) {
        this.name = name;
        this.type = type;
        this.rows = rows;
        this.cols = cols;
    }

    static Matrix of(String name, GgmlType type, int rows, int cols, ByteBuffer data) {
        ByteBuffer le = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return switch (type) {
            case F32, F16 -> new Dense(name, type, rows, cols, decode(name, type, rows, cols, le));
            case Q8_0 -> new Q8(name, rows, cols, le);
            case Q4_0, Q4_K, Q5_K, Q6_K -> new QuantMatrix(name, type, rows, cols, le);
            default -> throw new IllegalArgumentException("tensor " + name + " is " + type);
        };
    }

    private static float[] decode(String name, GgmlType type, int rows, int cols, ByteBuffer le) {
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor " + name + " has " + n + " values, more than one Java array"
                    + " holds; quantise the model to Q8_0, which the java engine reads from the file");
        }
        float[] w = new float[(int) n];
        if (type == GgmlType.F32) {
            le.asFloatBuffer().get(w);
        } else {
            ShortBuffer halves = le.asShortBuffer();
            for (int i = 0; i < w.length; i++) {
                w[i] = Half.toFloat(halves.get(i));
            }
        }
        return w;
    }

    /**
     * A quantised tensor's {@code size} bytes on the heap, still quantised: the buffer's own array where the tensor
     * was read there ({@code GgufFile.read}), else a copy. The kernels read a {@code byte[]} about 1.5 times as fast
     * as a mapped buffer.
     */
    static byte[] heap(ByteBuffer data, int size) {
        if (data.hasArray() && data.arrayOffset() == 0 && data.array().length == size) {
            return data.array();
        }
        byte[] copy = new byte[size];
        data.get(0, copy);
        return copy;
    }

    /** Row {@code r}, dequantised into {@code dst[off..off+cols)}. */
    abstract void row(int r, float[] dst, int off, Scratch s);

    /**
     * {@code out[t * rows + r] = row r · x_t} for rows {@code [from, to)} and every vector {@code t} of {@code x},
     * which must have been {@link Activations#prepare prepared} for this matrix's type.
     */
    abstract void multiply(Activations x, float[] out, int from, int to, Scratch s);

    /** Bytes of weights that {@link #multiply} reads for every row, as held in memory. */
    abstract long bytesPerRow();

    /** F32 or F16 weights, decoded to floats at load. */
    private static final class Dense extends Matrix {
        private final float[] w;

        Dense(String name, GgmlType type, int rows, int cols, float[] w) {
            super(name, type, rows, cols);
            this.w = w;
        }

        @Override
        void row(int r, float[] dst, int off, Scratch s) {
            System.arraycopy(w, r * cols, dst, off, cols);
        }

        @Override
        long bytesPerRow() {
            return (long) cols * Float.BYTES;
        }

        @Override
        void multiply(Activations x, float[] out, int from, int to, Scratch s) {
            // F16 weights multiply the inputs rounded to half precision, as ggml's F16 dot product does.
            float[] in = type == GgmlType.F16 ? x.f16 : x.f;
            int n = x.count();
            if (!Kernels.VECTOR) {
                for (int r = from; r < to; r++) {
                    for (int t = 0; t < n; t++) {
                        out[t * rows + r] = Kernels.denseRowScalar(w, r * cols, in, t * cols, cols, s.lanes);
                    }
                }
                return;
            }
            // Four rows at a time share each load of an input, and two inputs each load of the rows; every product
            // is made as Kernels.denseRowScalar makes it, however the rows and inputs were grouped.
            int r = from;
            for (; r + 3 < to; r += 4) {
                int t = 0;
                for (; t + 1 < n; t += 2) {
                    VectorKernels.dense4x2(w, r * cols, cols, in, t * cols, out, t * rows + r, rows, s.lanes);
                }
                for (; t < n; t++) {
                    VectorKernels.dense4(w, r * cols, cols, in, t * cols, out, t * rows + r, s.lanes);
                }
            }
            for (; r < to; r++) {
                for (int t = 0; t < n; t++) {
                    out[t * rows + r] = VectorKernels.dense1(w, r * cols, cols, in, t * cols, s.lanes);
                }
            }
        }
    }

    /** Q8_0 weights, split when the model loads ({@link Q8Weights}): still quantised, 36 bytes a block. */
    private static final class Q8 extends Matrix {
        private final Q8Weights w;
        private final int blocks;

        Q8(String name, int rows, int cols, ByteBuffer le) {
            super(name, GgmlType.Q8_0, rows, cols);
            this.blocks = cols / Activations.QK;
            this.w = Q8Weights.split(le, Math.multiplyExact(rows, blocks));
        }

        @Override
        long bytesPerRow() {
            return (long) blocks * (Activations.QK + Float.BYTES);
        }

        @Override
        void row(int r, float[] dst, int off, Scratch s) {
            int b0 = r * blocks;
            for (int k = 0; k < blocks; k++) {
                float d = w.d[b0 + k];
                int q = (b0 + k) * Activations.QK;
                for (int j = 0; j < Activations.QK; j++) {
                    dst[off + k * Activations.QK + j] = w.q[q + j] * d;
                }
            }
        }

        /** Row by row, each vector of the batch in turn ({@link Kernels#q8Row}), or a group at a time. */
        @Override
        void multiply(Activations x, float[] out, int from, int to, Scratch s) {
            int n = x.count();
            int g = VectorKernels.GROUP;
            int[] xo = new int[g];
            int[] xb = new int[g];
            for (int r = from; r < to; r++) {
                int b0 = r * blocks;
                int t = 0;
                if (Kernels.VECTOR) {
                    // a prefill batch: inputs share each block's widened weights, a group at a time
                    for (; t + g <= n; t += g) {
                        for (int i = 0; i < g; i++) {
                            xo[i] = (t + i) * cols;
                            xb[i] = (t + i) * blocks;
                        }
                        VectorKernels.q8Rows(w.q, w.d, b0, blocks, x.qf, xo, x.qd, xb, s.lanes, out, t * rows + r, rows);
                    }
                }
                for (; t < n; t++) {
                    out[t * rows + r] = Kernels.q8Row(w.q, w.d, b0, blocks, x.qf, t * cols, x.qd, t * blocks, s.lanes);
                }
            }
        }
    }
}
