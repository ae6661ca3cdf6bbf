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

    /** Rows a prefill batch dequantises at a time ({@link #multiplyDequantised}). */
    static final int SLAB = 4;

    /** Per-thread space for one decoded row, and for {@link #SLAB} on the prefill path. */
    static final class Scratch {
        final float[] row;
        final float[] slab;
        final float[] lanes = new float[Kernels.LANES];
        /** Q4_K/Q5_K rows' offsets ({@link VectorKernels#offsets}): the input laid out for them, per-block terms. */
        int[] kpT = new int[0];
        float[] kdT = new float[0];
        float[] terms = new float[0];
        /** Every input's offsets for a range of rows, input by input. */
        float[] offsets = new float[0];

        Scratch(int maxCols) {
            row = new float[maxCols];
            slab = new float[SLAB * maxCols];
        }

        /** Sizes the offsets' arrays for {@code n} inputs and {@code rows} rows of {@code blocks} blocks (grown once). */
        void offsetsFor(int n, int rows, int blocks, int period) {
            if (kpT.length < 64 * period) {
                kpT = new int[64 * period];
                kdT = new float[8 * period];
            }
            if (terms.length < rows * blocks + 16) {
                terms = new float[rows * blocks + 16];
            }
            if (offsets.length < n * rows) {
                offsets = new float[n * rows];
            }
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

    /**
     * A quantised matrix's prefill path ({@link Activations#prefill()}): rows dequantised ({@link #row}),
     * {@value #SLAB} at a time, and multiplied as F32 rows are ({@link #denseRows}) by the batch's inputs, which were
     * quantised as for the decode path and dequantised again ({@code in}: {@link Activations#q8s} or
     * {@link Activations#k8s}). The same quantised values as ggml's dot products, but multiplied in floats rather
     * than summed as integers and scaled per block, so rounded differently (relative differences of about 1e-6).
     * A row's dequantisation is shared by the whole batch and the products run at twice the speed of the decode
     * kernels on a batch. A single token (a decode step) never takes this path, so batched decoding
     * ({@link Forward#step}) still gives each sequence the bits it gets alone.
     */
    final void multiplyDequantised(float[] in, int n, float[] out, int from, int to, Scratch s) {
        for (int r = from; r < to; r += SLAB) {
            int k = Math.min(SLAB, to - r);
            for (int i = 0; i < k; i++) {
                row(r + i, s.slab, i * cols, s);
            }
            denseRows(s.slab, 0, cols, rows, in, n, out, r, r + k, s.lanes);
        }
    }

    /**
     * {@code out[t * rows + r] = w_r · in_t} for F32 rows {@code [from, to)}, row {@code r} at
     * {@code w[o + (r - from) * cols]}, and the {@code n} inputs of {@code in}. Each product is made as
     * {@link Kernels#denseRowScalar} makes it, with or without the Vector API and however rows and inputs were
     * grouped: one input is multiplied four rows at a time, sharing each load of it; several, two rows by two
     * inputs at a time.
     */
    static void denseRows(float[] w, int o, int cols, int rows, float[] in, int n, float[] out, int from, int to,
                          float[] lanes) {
        if (!Kernels.VECTOR) {
            for (int r = from; r < to; r++) {
                for (int t = 0; t < n; t++) {
                    out[t * rows + r] = Kernels.denseRowScalar(w, o + (r - from) * cols, in, t * cols, cols, lanes);
                }
            }
            return;
        }
        int r = from;
        if (n == 1) {
            for (; r + 3 < to; r += 4) {
                VectorKernels.dense4(w, o + (r - from) * cols, cols, cols, in, 0, out, r, lanes);
            }
        } else {
            for (; r + 1 < to; r += 2) {
                int wo = o + (r - from) * cols;
                int t = 0;
                for (; t + 1 < n; t += 2) {
                    VectorKernels.dense2x2(w, wo, cols, in, t * cols, out, t * rows + r, rows, lanes);
                }
                for (; t < n; t++) {
                    out[t * rows + r] = VectorKernels.dense1(w, wo, cols, in, t * cols, lanes);
                    out[t * rows + r + 1] = VectorKernels.dense1(w, wo + cols, cols, in, t * cols, lanes);
                }
            }
        }
        for (; r < to; r++) {
            for (int t = 0; t < n; t++) {
                out[t * rows + r] = VectorKernels.dense1(w, o + (r - from) * cols, cols, in, t * cols, lanes);
            }
        }
    }

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
            denseRows(w, from * cols, cols, rows, in, x.count(), out, from, to, s.lanes);
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
            if (Kernels.VECTOR) {
                VectorKernels.q8Dequantise(w.q, w.d, r * blocks, blocks, dst, off);
                return;
            }
            int b0 = r * blocks;
            for (int k = 0; k < blocks; k++) {
                float d = w.d[b0 + k];
                int q = (b0 + k) * Activations.QK;
                for (int j = 0; j < Activations.QK; j++) {
                    dst[off + k * Activations.QK + j] = w.q[q + j] * d;
                }
            }
        }

        /**
         * A prefill batch dequantised ({@link #multiplyDequantised}); otherwise row by row, each vector of the batch
         * in turn ({@link Kernels#q8Row}), or a group at a time.
         */
        @Override
        void multiply(Activations x, float[] out, int from, int to, Scratch s) {
            int n = x.count();
            if (x.prefill()) {
                multiplyDequantised(x.q8s, n, out, from, to, s);
                return;
            }
            int g = VectorKernels.GROUP;
            int[] xo = new int[g];
            int[] xb = new int[g];
            for (int r = from; r < to; r++) {
                int b0 = r * blocks;
                int t = 0;
                if (Kernels.VECTOR) {
                    // a step of several sequences: inputs share each block's widened weights, a group at a time
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
