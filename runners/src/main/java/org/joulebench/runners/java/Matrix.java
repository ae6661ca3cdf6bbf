package org.joulebench.runners.java;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.Half;

/**
 * A weight matrix of {@code rows x cols} (GGUF {@code [cols, rows]}) over its memory-mapped bytes. Products
 * decode one row at a time into a thread's scratch space, never the whole matrix.
 */
abstract class Matrix {

    final String name;
    final GgmlType type;
    final int rows;
    final int cols;

    /** Per-thread space for one decoded row. */
    static final class Scratch {
        final float[] row;
        final short[] halves;
        final byte[] bytes;
        final float[] scales;

        Scratch(int maxCols) {
            row = new float[maxCols];
            halves = new short[maxCols];
            bytes = new byte[maxCols / Activations.QK * 34 + 34];
            scales = new float[maxCols / Activations.QK + 1];
        }
    }

    private Matrix(String name, GgmlType type, int rows, int cols) {
        this.name = name;
        this.type = type;
        this.rows = rows;
        this.cols = cols;
    }

    static Matrix of(String name, GgmlType type, int rows, int cols, ByteBuffer data) {
        ByteBuffer le = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return switch (type) {
            case F32 -> new F32(name, rows, cols, le.asFloatBuffer());
            case F16 -> new F16(name, rows, cols, le.asShortBuffer());
            case Q8_0 -> new Q8(name, rows, cols, le);
            default -> throw new IllegalArgumentException("tensor " + name + " is " + type);
        };
    }

    /** Row {@code r}, dequantised into {@code dst[off..off+cols)}. */
    abstract void row(int r, float[] dst, int off, Scratch s);

    /**
     * {@code out[t * rows + r] = row r · x_t} for rows {@code [from, to)} and every vector {@code t} of {@code x},
     * which must have been {@link Activations#prepare prepared} for this matrix's type.
     */
    abstract void multiply(Activations x, float[] out, int from, int to, Scratch s);

    static float dot(float[] a, float[] b, int bOff, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            s0 += a[i] * b[bOff + i];
            s1 += a[i + 1] * b[bOff + i + 1];
            s2 += a[i + 2] * b[bOff + i + 2];
            s3 += a[i + 3] * b[bOff + i + 3];
            s4 += a[i + 4] * b[bOff + i + 4];
            s5 += a[i + 5] * b[bOff + i + 5];
            s6 += a[i + 6] * b[bOff + i + 6];
            s7 += a[i + 7] * b[bOff + i + 7];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[bOff + i];
        }
        return ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7));
    }

    private static final class F32 extends Matrix {
        private final FloatBuffer data;

        F32(String name, int rows, int cols, FloatBuffer data) {
            super(name, GgmlType.F32, rows, cols);
            this.data = data;
        }

        @Override
        void row(int r, float[] dst, int off, Scratch s) {
            data.get(r * cols, dst, off, cols);
        }

        @Override
        void multiply(Activations x, float[] out, int from, int to, Scratch s) {
            float[] w = s.row;
            int n = x.count();
            for (int r = from; r < to; r++) {
                data.get(r * cols, w, 0, cols);
                for (int t = 0; t < n; t++) {
                    out[t * rows + r] = dot(w, x.f, t * cols, cols);
                }
            }
        }
    }

    private static final class F16 extends Matrix {
        private final ShortBuffer data;

        F16(String name, int rows, int cols, ShortBuffer data) {
            super(name, GgmlType.F16, rows, cols);
            this.data = data;
        }

        @Override
        void row(int r, float[] dst, int off, Scratch s) {
            short[] halves = s.halves;
            data.get(r * cols, halves, 0, cols);
            for (int i = 0; i < cols; i++) {
                dst[off + i] = Half.toFloat(halves[i]);
            }
        }

        @Override
        void multiply(Activations x, float[] out, int from, int to, Scratch s) {
            float[] w = s.row;
            int n = x.count();
            for (int r = from; r < to; r++) {
                row(r, w, 0, s);
                for (int t = 0; t < n; t++) {
                    out[t * rows + r] = dot(w, x.f16, t * cols, cols);
                }
            }
        }
    }

    /** Blocks of 34 bytes: an f16 scale, then 32 int8. */
    private static final class Q8 extends Matrix {
        private static final int BLOCK = 34;
        private final ByteBuffer data;
        private final int blocks;

        Q8(String name, int rows, int cols, ByteBuffer data) {
            super(name, GgmlType.Q8_0, rows, cols);
            this.data = data;
            this.blocks = cols / Activations.QK;
        }

        private void load(int r, Scratch s) {
            byte[] b = s.bytes;
            data.get(r * blocks * BLOCK, b, 0, blocks * BLOCK);
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

        @Override
        void multiply(Activations x, float[] out, int from, int to, Scratch s) {
            byte[] w = s.bytes;
            float[] dw = s.scales;
            byte[] xq = x.q;
            float[] xd = x.qd;
            int n = x.count();
            for (int r = from; r < to; r++) {
                load(r, s);
                for (int t = 0; t < n; t++) {
                    int xo = t * cols;
                    int xb = t * blocks;
                    float acc = 0;
                    for (int k = 0; k < blocks; k++) {
                        int wo = k * BLOCK + 2;
                        int xi = xo + k * Activations.QK;
                        int sum = 0;
                        for (int j = 0; j < Activations.QK; j++) {
                            sum += w[wo + j] * xq[xi + j];
                        }
                        acc += sum * (dw[k] * xd[xb + k]);
                    }
                    out[t * rows + r] = acc;
                }
            }
        }
    }
}
