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
 * heap, and so are Q4_0 and the K-quants ({@link QuantMatrix}).
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
            int r = from;
            // Four rows at a time share each load of the input. Every row sums its even and its odd products apart,
            // whether it runs in a group of four or alone, so results do not depend on how the rows were split.
            for (; r + 3 < to; r += 4) {
                int t = 0;
                // Two vectors of a batch share each load of the four rows; every sum is made as dot4 makes it.
                for (; t + 1 < n; t += 2) {
                    dot4x2(in, t * cols, r, out, t * rows + r);
                }
                for (; t < n; t++) {
                    dot4(in, t * cols, r, out, t * rows + r);
                }
            }
            for (; r < to; r++) {
                for (int t = 0; t < n; t++) {
                    out[t * rows + r] = dot1(in, t * cols, r * cols);
                }
            }
        }

        private float dot1(float[] x, int xOff, int o) {
            float a0 = 0;
            float a1 = 0;
            int i = 0;
            for (; i + 1 < cols; i += 2) {
                a0 += w[o + i] * x[xOff + i];
                a1 += w[o + i + 1] * x[xOff + i + 1];
            }
            if (i < cols) {
                a0 += w[o + i] * x[xOff + i];
            }
            return a0 + a1;
        }

        /** {@link #dot4} of vectors {@code xOff} and {@code xOff + cols}, written to {@code outOff} and {@code + rows}. */
        private void dot4x2(float[] x, int xOff, int r, float[] out, int outOff) {
            int c = cols;
            int o0 = r * c;
            int o1 = o0 + c;
            int o2 = o1 + c;
            int o3 = o2 + c;
            int yOff = xOff + c;
            float a0 = 0;
            float a1 = 0;
            float b0 = 0;
            float b1 = 0;
            float c0 = 0;
            float c1 = 0;
            float d0 = 0;
            float d1 = 0;
            float e0 = 0;
            float e1 = 0;
            float f0 = 0;
            float f1 = 0;
            float g0 = 0;
            float g1 = 0;
            float h0 = 0;
            float h1 = 0;
            int i = 0;
            for (; i + 1 < c; i += 2) {
                float x0 = x[xOff + i];
                float x1 = x[xOff + i + 1];
                float y0 = x[yOff + i];
                float y1 = x[yOff + i + 1];
                float w0 = w[o0 + i];
                float w1 = w[o0 + i + 1];
                a0 += w0 * x0;
                a1 += w1 * x1;
                e0 += w0 * y0;
                e1 += w1 * y1;
                w0 = w[o1 + i];
                w1 = w[o1 + i + 1];
                b0 += w0 * x0;
                b1 += w1 * x1;
                f0 += w0 * y0;
                f1 += w1 * y1;
                w0 = w[o2 + i];
                w1 = w[o2 + i + 1];
                c0 += w0 * x0;
                c1 += w1 * x1;
                g0 += w0 * y0;
                g1 += w1 * y1;
                w0 = w[o3 + i];
                w1 = w[o3 + i + 1];
                d0 += w0 * x0;
                d1 += w1 * x1;
                h0 += w0 * y0;
                h1 += w1 * y1;
            }
            if (i < c) {
                float xi = x[xOff + i];
                float yi = x[yOff + i];
                a0 += w[o0 + i] * xi;
                b0 += w[o1 + i] * xi;
                c0 += w[o2 + i] * xi;
                d0 += w[o3 + i] * xi;
                e0 += w[o0 + i] * yi;
                f0 += w[o1 + i] * yi;
                g0 += w[o2 + i] * yi;
                h0 += w[o3 + i] * yi;
            }
            out[outOff] = a0 + a1;
            out[outOff + 1] = b0 + b1;
            out[outOff + 2] = c0 + c1;
            out[outOff + 3] = d0 + d1;
            out[outOff + rows] = e0 + e1;
            out[outOff + rows + 1] = f0 + f1;
            out[outOff + rows + 2] = g0 + g1;
            out[outOff + rows + 3] = h0 + h1;
        }

        private void dot4(float[] x, int xOff, int r, float[] out, int outOff) {
            int c = cols;
            int o0 = r * c;
            int o1 = o0 + c;
            int o2 = o1 + c;
            int o3 = o2 + c;
            float a0 = 0;
            float a1 = 0;
            float b0 = 0;
            float b1 = 0;
            float c0 = 0;
            float c1 = 0;
            float d0 = 0;
            float d1 = 0;
            int i = 0;
            for (; i + 1 < c; i += 2) {
                float x0 = x[xOff + i];
                float x1 = x[xOff + i + 1];
                a0 += w[o0 + i] * x0;
                a1 += w[o0 + i + 1] * x1;
                b0 += w[o1 + i] * x0;
                b1 += w[o1 + i + 1] * x1;
                c0 += w[o2 + i] * x0;
                c1 += w[o2 + i + 1] * x1;
                d0 += w[o3 + i] * x0;
                d1 += w[o3 + i + 1] * x1;
            }
            if (i < c) {
                float xi = x[xOff + i];
                a0 += w[o0 + i] * xi;
                b0 += w[o1 + i] * xi;
                c0 += w[o2 + i] * xi;
                d0 += w[o3 + i] * xi;
            }
            out[outOff] = a0 + a1;
            out[outOff + 1] = b0 + b1;
            out[outOff + 2] = c0 + c1;
            out[outOff + 3] = d0 + d1;
        }
    }

    /**
     * Blocks of 34 bytes: an f16 scale, then 32 int8; copied from the file onto the heap when the model loads (still
     * quantised: as many bytes as the file's), because the kernels read a {@code byte[]} about 1.5 times as fast as
     * a mapped buffer.
     */
    private static final class Q8 extends Matrix {
        private static final int BLOCK = 34;
        private final byte[] data;
        private final int blocks;

        Q8(String name, int rows, int cols, ByteBuffer mapped) {
            super(name, GgmlType.Q8_0, rows, cols);
            this.blocks = cols / Activations.QK;
            this.data = heap(mapped, Math.multiplyExact(rows, blocks * BLOCK));
        }

        @Override
        long bytesPerRow() {
            return (long) blocks * BLOCK;
        }

        private void load(int r, Scratch s) {
            byte[] b = s.bytes;
            System.arraycopy(data, r * blocks * BLOCK, b, 0, blocks * BLOCK);
            for (int k = 0; k < blocks; k++) {
                s.scales[k] = Half.toFloat((short) ((b[k * BLOCK] & 0xFF) | (b[k * BLOCK + 1] & 0xFF) << 8));
            }
        }

        @Override
        void row(int r, float[] dst, int off, Scratch s) {
            load(r, s);
            for (int k = 0; k < blocks; k++) {
                float d = s.scales[k];
                for (int j = 0; j < Activations.QK; j++) {
                    dst[off + k * Activations.QK + j] = s.bytes[k * BLOCK + 2 + j] * d;
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
                int at = r * blocks * BLOCK;
                int t = 0;
                if (Kernels.VECTOR) {
                    // a prefill batch: inputs share each block's widened weights, a group at a time
                    for (; t + g <= n; t += g) {
                        for (int i = 0; i < g; i++) {
                            xo[i] = (t + i) * cols;
                            xb[i] = (t + i) * blocks;
                        }
                        VectorKernels.q8Rows(data, at, blocks, x.qf, xo, x.qd, xb, s.lanes, out, t * rows + r, rows);
                    }
                }
                for (; t < n; t++) {
                    out[t * rows + r] = Kernels.q8Row(data, at, blocks, x.qf, t * cols, x.qd, t * blocks, s.lanes);
                }
            }
        }
    }
}
