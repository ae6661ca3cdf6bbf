package org.joulebench.runners.java;

import java.nio.ByteBuffer;

import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.QuantBlocks;

/**
 * Q4_0, Q4_K, Q5_K or Q6_K weights, held on the heap as stored in the file (layouts: {@link QuantBlocks}). Q4_0
 * multiplies the inputs quantised to Q8_0 as Q8_0 weights do ({@link Kernels#q4_0Row}: float lanes with one fused
 * scale per block, as ggml's AVX2 code); the K-quants follow ggml's reference dot products: against the inputs
 * quantised to Q8_K against the inputs quantised to Q8_K, with integer sums in eight lanes (the
 * element's index mod 8) weighted by the 6- or 8-bit sub-block scales, each lane's sum scaled by {@code d_w × d_x}
 * into a float lane, the offsets ({@code dmin × m}) taken off through the 16-value sums of the inputs, and the lanes
 * added in order at the end. All run on the Vector API where the JVM has it ({@link VectorKernels}), with the
 * scalar code's bits.
 */
final class QuantMatrix extends Matrix {

    private final byte[] data;
    /** {@link #data} read little-endian, for the scalar code's scale accessors and {@link #row}. */
    private final ByteBuffer view;
    private final int blocks;
    private final int blockBytes;
    /**
     * Q4_K and Q5_K: each block's 8 sub-block scales (6 bits each, packed with the mins into 12 bytes in the file),
     * unpacked when the model loads, 8 bytes a block: unpacking them in the decode kernel took as long as its
     * products. Null for the other types.
     */
    private final byte[] scales;
    /**
     * Q4_K and Q5_K: the sub-block mins, unpacked and held transposed for {@link VectorKernels#offsets}, eight blocks
     * at a time: sub-block {@code j} of block {@code 8g + k} at {@code 64g + 8j + k} (with {@link #scales} and
     * {@link #dmins}, 14 % more memory than the file's 144 bytes a block for Q4_K, 11 % for Q5_K). Null for the other
     * types.
     */
    private final byte[] mins;
    /** Q4_K and Q5_K: each block's {@code dmin} as a float, padded to a multiple of eight blocks. Null otherwise. */
    private final float[] dmins;
    /** Groups of eight blocks after which a row's blocks fall on the same lanes of {@link VectorKernels#offsets}. */
    private final int period;

    QuantMatrix(String name, GgmlType type, int rows, int cols, ByteBuffer data) {
        super(name, type, rows, cols);
        this.blocks = cols / type.blockSize();
        this.blockBytes = type.blockBytes();
        this.data = heap(data, Math.multiplyExact(rows, blocks * blockBytes));
        this.view = ByteBuffer.wrap(this.data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        boolean k45 = type == GgmlType.Q4_K || type == GgmlType.Q5_K;
        int count = Math.multiplyExact(rows, blocks);
        this.scales = k45 ? new byte[Math.multiplyExact(count, 8)] : null;
        this.mins = k45 ? new byte[Math.multiplyExact((count + 7) / 8, 64)] : null;
        this.dmins = k45 ? new float[Math.multiplyExact((count + 7) / 8, 8)] : null;
        for (int b = 0; k45 && b < count; b++) {
            dmins[b] = Kernels.HALF[Kernels.half(this.data, b * blockBytes + 2)];
            for (int j = 0; j < 8; j++) {
                scales[8 * b + j] = (byte) QuantBlocks.scale(view, b * blockBytes + 4, j);
                mins[64 * (b >> 3) + 8 * j + (b & 7)] = (byte) QuantBlocks.min(view, b * blockBytes + 4, j);
            }
        }
        this.period = k45 ? VectorKernels.period(blocks) : 0;
    }

    @Override
    long bytesPerRow() {
        return (long) blocks * (blockBytes + (scales == null ? 0 : 20));
    }

    /** Row {@code r} dequantised: on the Vector API where it can (Q4_K, Q5_K, Q6_K), with the scalar code's bits. */
    @Override
    void row(int r, float[] dst, int off, Scratch s) {
        int at = r * blocks * blockBytes;
        if (Kernels.VECTOR && (type == GgmlType.Q4_K || type == GgmlType.Q5_K)) {
            VectorKernels.q4kDequantise(data, at, blocks, type == GgmlType.Q5_K, scales, mins, r * blocks, dst, off);
        } else if (Kernels.VECTOR && type == GgmlType.Q6_K) {
            VectorKernels.q6kDequantise(data, at, blocks, dst, off);
        } else {
            QuantBlocks.dequantize(type, view, at, dst, off, cols);
        }
    }

    @Override
    void multiply(Activations x, float[] out, int from, int to, Scratch s) {
        multiply(x, out, from, to, s, Kernels.VECTOR);
    }

    /**
     * A prefill batch on the prefill path ({@link #multiplyDequantised}, whatever {@code vector} says: it gives the
     * same bits either way). Otherwise, with {@code vector}, on the Vector API ({@link VectorKernels}): the same bits
     * as the scalar code. A Q4_K or Q5_K row multiplies one input (a decode step) unpacked on the fly, several (a
     * step of several sequences) unpacked once into floats.
     */
    void multiply(Activations x, float[] out, int from, int to, Scratch s, boolean vector) {
        int n = x.count();
        if (x.prefill()) {
            multiplyDequantised(type == GgmlType.Q4_0 ? x.q8s : x.k8s, n, out, from, to, s);
            return;
        }
        if (type == GgmlType.Q4_0) {
            for (int r = from; r < to; r++) {
                int at = r * blocks * blockBytes;
                for (int t = 0; t < n; t++) {
                    out[t * rows + r] = vector
                            ? VectorKernels.q4_0Row(data, at, blocks, x.qf, t * cols, x.qd, t * blocks, s.lanes)
                            : Kernels.q4_0RowScalar(data, at, blocks, x.qf, t * cols, x.qd, t * blocks, s.lanes);
                }
            }
            return;
        }
        if (vector) {
            boolean q45 = type == GgmlType.Q4_K || type == GgmlType.Q5_K;
            boolean fifth = type == GgmlType.Q5_K;
            boolean unpack = q45 && n > 1;
            float[] off = null;
            if (q45) {
                // every row's offsets for every input first, eight blocks at a time
                s.offsetsFor(n, to - from, blocks, period);
                off = s.offsets;
                for (int t = 0; t < n; t++) {
                    VectorKernels.laneInputs(x.kpairs, x.kd, t * blocks, blocks, period, s.kpT, s.kdT);
                    VectorKernels.offsets(dmins, mins, blocks, from, to, s.kpT, s.kdT, period, s.terms, off,
                            t * (to - from));
                }
            }
            if (type == GgmlType.Q6_K && n == 1) {
                VectorKernels.q6kRows(data, from, to, blocks, x.kf, 0, x.kd, 0, out, 0, s.lanes);
                return;
            }
            if (q45 && !unpack) {
                if (fifth) {
                    VectorKernels.q5kRows(data, from, to, blocks, scales, x.kf, x.kd, off, out, s.lanes);
                } else {
                    VectorKernels.q4kRows(data, from, to, blocks, scales, x.kf, x.kd, off, out, s.lanes);
                }
                return;
            }
            for (int r = from; r < to; r++) {
                int at = r * blocks * blockBytes;
                if (unpack) {
                    // the row unpacked once (into s.row), then multiplied with each input of the batch
                    VectorKernels.q4kUnpack(data, at, blocks, fifth, s.row);
                    for (int t = 0; t < n; t++) {
                        out[t * rows + r] = VectorKernels.q4kDot(s.row, scales, r * blocks, data, at, blocks, fifth,
                                x.kf, t * cols, x.kd, t * blocks, off[t * (to - from) + r - from], s.lanes);
                    }
                } else {
                    for (int t = 0; t < n; t++) { // Q6_K
                        VectorKernels.q6kRows(data, r, r + 1, blocks, x.kf, t * cols, x.kd, t * blocks, out, t * rows,
                                s.lanes);
                    }
                }
            }
            return;
        }
        int[] lanes = new int[8];
        float[] sums = new float[8];
        for (int r = from; r < to; r++) {
            int at = r * blocks * blockBytes;
            for (int t = 0; t < n; t++) {
                out[t * rows + r] = switch (type) {
                    case Q4_K -> dotQ4K(data, at, x, t, false, lanes, sums);
                    case Q5_K -> dotQ4K(data, at, x, t, true, lanes, sums);
                    case Q6_K -> dotQ6K(data, at, x, t, lanes, sums);
                    default -> throw new IllegalStateException(type.toString());
                };
            }
        }
    }

    /** ggml's {@code vec_dot_q4_K_q8_K} (or {@code q5_K} with {@code fifth}). */
    private float dotQ4K(byte[] w, int at, Activations x, int t, boolean fifth, int[] lanes, float[] sums) {
        byte[] xk = x.k;
        int xo = t * cols;
        int sb = t * blocks;
        java.util.Arrays.fill(sums, 0);
        float sumf = 0;
        for (int i = 0; i < blocks; i++) {
            int p = at + i * blockBytes;
            int scales = p + 4;
            int qh = p + 16;
            int qs = fifth ? p + 48 : p + 16;
            java.util.Arrays.fill(lanes, 0);
            int minSum = 0;
            for (int j = 0; j < 8; j++) {
                int sc = QuantBlocks.scale(view, scales, j);
                int m = QuantBlocks.min(view, scales, j);
                minSum += x.kpairs[(sb + i) * 8 + j] * m;
                int chunk = j / 2;
                boolean high = (j & 1) == 1;
                int bit = (high ? 2 : 1) << (2 * chunk);
                int xi = xo + i * QuantBlocks.QK_K + 32 * j;
                for (int l = 0; l < 32; l++) {
                    int q = w[qs + 32 * chunk + l] & 0xFF;
                    int v = high ? q >>> 4 : q & 0xF;
                    if (fifth && (w[qh + l] & bit) != 0) {
                        v += 16;
                    }
                    lanes[l & 7] += sc * (v * xk[xi + l]);
                }
            }
            float dx = x.kd[sb + i];
            float d = Kernels.HALF[Kernels.half(w, p)] * dx;
            for (int l = 0; l < 8; l++) {
                sums[l] += d * lanes[l];
            }
            float dmin = Kernels.HALF[Kernels.half(w, p + 2)] * dx;
            sumf -= dmin * minSum;
        }
        for (int l = 0; l < 8; l++) {
            sumf += sums[l];
        }
        return sumf;
    }

    /** ggml's {@code vec_dot_q6_K_q8_K}. */
    private float dotQ6K(byte[] w, int at, Activations x, int t, int[] lanes, float[] sums) {
        byte[] xk = x.k;
        int xo = t * cols;
        int sb = t * blocks;
        java.util.Arrays.fill(sums, 0);
        for (int i = 0; i < blocks; i++) {
            int p = at + i * blockBytes;
            java.util.Arrays.fill(lanes, 0);
            int xb = xo + i * QuantBlocks.QK_K;
            for (int half = 0; half < 2; half++) {
                int ql = p + 64 * half;
                int qh = p + 128 + 32 * half;
                int sc = p + 192 + 8 * half;
                for (int l = 0; l < 32; l++) {
                    int lo0 = w[ql + l] & 0xFF;
                    int lo1 = w[ql + l + 32] & 0xFF;
                    int h = w[qh + l] & 0xFF;
                    int is = l / 16;
                    int base = xb + 128 * half + l;
                    int lane = l & 7;
                    lanes[lane] += w[sc + is] * ((((lo0 & 0xF) | ((h & 3) << 4)) - 32) * xk[base]);
                    lanes[lane] += w[sc + is + 2] * ((((lo1 & 0xF) | (((h >>> 2) & 3) << 4)) - 32) * xk[base + 32]);
                    lanes[lane] += w[sc + is + 4] * ((((lo0 >>> 4) | (((h >>> 4) & 3) << 4)) - 32) * xk[base + 64]);
                    lanes[lane] += w[sc + is + 6] * ((((lo1 >>> 4) | (((h >>> 6) & 3) << 4)) - 32) * xk[base + 96]);
                }
            }
            float d = Kernels.HALF[Kernels.half(w, p + 208)] * x.kd[sb + i];
            for (int l = 0; l < 8; l++) {
                sums[l] += d * lanes[l];
            }
        }
        float sumf = 0;
        for (int l = 0; l < 8; l++) {
            sumf += sums[l];
        }
        return sumf;
    }
}
