package org.joulebench.runners.java;

import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.Half;

/**
 * Up to {@code capacity} input vectors of one width for the matrix products, and their conversion to the type a
 * weight matrix multiplies with, as ggml's CPU backend converts them (its {@code vec_dot_type}): F32 weights use
 * the floats, F16 weights the floats rounded to half precision, Q8_0 and Q4_0 weights the vectors quantised to Q8_0,
 * the K-quants (Q4_K, Q5_K, Q6_K) the vectors quantised to Q8_K (blocks of 256, a float scale, sums of 16).
 * Conversions are made once per filling and shared by every matrix that reads the same input.
 *
 * <p>A prefill batch (several tokens of one prompt, {@link #filled(int, boolean)}) also gets the quantised vectors
 * dequantised back to floats ({@link #q8s}, {@link #k8s}): what a quantised matrix's prefill path multiplies
 * ({@link Matrix#multiplyDequantised}).
 */
final class Activations {

    static final int QK = 32;

    final int width;
    final float[] f;
    final float[] f16;
    final byte[] q;
    /** {@link #q}'s values as floats, which the Q8_0 kernels multiply (exactly: they are integers). */
    final float[] qf;
    final float[] qd;
    /** Q8_K: the values, one scale per 256, and the sum of every 32 values. */
    final byte[] k;
    /** {@link #k}'s values as floats, for the Vector API kernels. */
    final float[] kf;
    final float[] kd;
    /**
     * The sum of every 32 values: what a K-quant sub-block's min multiplies (ggml's two 16-value {@code bsums}
     * added; integers, so the same).
     */
    final int[] kpairs;
    /** A prefill batch: {@link #q}'s values times their block's scale. */
    final float[] q8s;
    /** A prefill batch: {@link #k}'s values times their super-block's scale. */
    final float[] k8s;
    private int count;
    private boolean prefill;
    private boolean f16Ready;
    private boolean q8Ready;
    private boolean q8kReady;

    Activations(int width, int capacity) {
        this.width = width;
        this.f = new float[width * capacity];
        this.f16 = new float[width * capacity];
        boolean blocks = width % QK == 0;
        this.q = new byte[blocks ? width * capacity : 0];
        this.qf = new float[blocks ? width * capacity : 0];
        this.qd = new float[blocks ? width / QK * capacity : 0];
        boolean superBlocks = width % QK_K == 0;
        this.k = new byte[superBlocks ? width * capacity : 0];
        this.kf = new float[superBlocks ? width * capacity : 0];
        this.kd = new float[superBlocks ? width / QK_K * capacity : 0];
        this.kpairs = new int[superBlocks ? width / 32 * capacity : 0];
        this.q8s = new float[blocks && capacity > 1 ? width * capacity : 0];
        this.k8s = new float[superBlocks && capacity > 1 ? width * capacity : 0];
    }

    static final int QK_K = org.joulebench.zoo.gguf.QuantBlocks.QK_K;

    /** Marks {@link #f} as refilled with {@code count} vectors, not a prefill batch. */
    void filled(int count) {
        filled(count, false);
    }

    /**
     * Marks {@link #f} as refilled with {@code count} vectors; with {@code prefill}, as a prefill batch (more than
     * one token of one prompt), which quantised matrices multiply on their prefill path.
     */
    void filled(int count, boolean prefill) {
        if (prefill && count < 2) {
            throw new IllegalArgumentException("a prefill batch of " + count + " vectors");
        }
        this.count = count;
        this.prefill = prefill;
        this.f16Ready = false;
        this.q8Ready = false;
        this.q8kReady = false;
    }

    int count() {
        return count;
    }

    /** Whether the vectors are a prefill batch ({@link #filled(int, boolean)}). */
    boolean prefill() {
        return prefill;
    }

    /** Makes the form {@code type} multiplies with. Call on one thread, before the product is split. */
    void prepare(GgmlType type) {
        switch (type) {
            case F16 -> {
                if (!f16Ready) {
                    for (int i = 0; i < count * width; i++) {
                        f16[i] = Half.round(f[i]);
                    }
                    f16Ready = true;
                }
            }
            case Q4_K, Q5_K, Q6_K -> {
                if (!q8kReady) {
                    for (int b = 0; b < count * width / QK_K; b++) {
                        quantiseSuperBlock(b);
                    }
                    if (prefill) {
                        for (int i = 0; i < count * width; i++) {
                            k8s[i] = kf[i] * kd[i / QK_K];
                        }
                    }
                    q8kReady = true;
                }
            }
            case Q8_0, Q4_0 -> {
                if (!q8Ready) {
                    for (int b = 0; b < count * width / QK; b++) {
                        quantiseBlock(b);
                    }
                    if (prefill) {
                        for (int i = 0; i < count * width; i++) {
                            q8s[i] = qf[i] * qd[i / QK];
                        }
                    }
                    q8Ready = true;
                }
            }
            default -> {
            }
        }
    }

    /**
     * ggml's {@code quantize_row_q8_K} (its reference code, which x86 uses): the value of largest magnitude maps to
     * −127, {@code q = min(127, rint(x × −127/max))}, the scale {@code 1/iscale} kept as a float; and each 16 values'
     * sum, for the K-quants' offsets.
     */
    private void quantiseSuperBlock(int b) {
        int at = b * QK_K;
        float amax = 0;
        float max = 0;
        for (int j = 0; j < QK_K; j++) {
            float a = Math.abs(f[at + j]);
            if (a > amax) {
                amax = a;
                max = f[at + j];
            }
        }
        if (amax == 0) {
            kd[b] = 0;
            java.util.Arrays.fill(k, at, at + QK_K, (byte) 0);
            java.util.Arrays.fill(kf, at, at + QK_K, 0f);
            java.util.Arrays.fill(kpairs, b * 8, b * 8 + 8, 0);
            return;
        }
        float iscale = -127f / max;
        for (int j = 0; j < QK_K; j++) {
            k[at + j] = (byte) Math.min(127, (int) Math.rint(iscale * f[at + j]));
            kf[at + j] = k[at + j];
        }
        for (int g = 0; g < 8; g++) {
            int sum = 0;
            for (int j = 0; j < 32; j++) {
                sum += k[at + 32 * g + j];
            }
            kpairs[b * 8 + g] = sum;
        }
        kd[b] = 1 / iscale;
    }

    /** ggml's x86 {@code quantize_row_q8_0}: scale {@code max|x|/127} kept as f16, {@code q = rint(x * 127/max)}. */
    private void quantiseBlock(int b) {
        int at = b * QK;
        float amax = 0;
        for (int j = 0; j < QK; j++) {
            amax = Math.max(amax, Math.abs(f[at + j]));
        }
        float d = amax / 127f;
        float id = amax != 0 ? 127f / amax : 0f;
        qd[b] = Half.round(d);
        for (int j = 0; j < QK; j++) {
            q[at + j] = (byte) Math.rint(f[at + j] * id);
            qf[at + j] = q[at + j];
        }
    }
}
