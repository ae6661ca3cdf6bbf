package org.joulebench.runners.java;

import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.Half;

/**
 * Up to {@code capacity} input vectors of one width for the matrix products, and their conversion to the type a
 * weight matrix multiplies with, as ggml's CPU backend converts them (its {@code vec_dot_type}): F32 weights use
 * the floats, F16 weights the floats rounded to half precision, Q8_0 weights the vectors quantised to Q8_0.
 * Conversions are made once per filling and shared by every matrix that reads the same input.
 */
final class Activations {

    static final int QK = 32;

    final int width;
    final float[] f;
    final float[] f16;
    final byte[] q;
    final float[] qd;
    private int count;
    private boolean f16Ready;
    private boolean q8Ready;

    Activations(int width, int capacity) {
        this.width = width;
        this.f = new float[width * capacity];
        this.f16 = new float[width * capacity];
        boolean blocks = width % QK == 0;
        this.q = new byte[blocks ? width * capacity : 0];
        this.qd = new float[blocks ? width / QK * capacity : 0];
    }

    /** Marks {@link #f} as refilled with {@code count} vectors. */
    void filled(int count) {
        this.count = count;
        this.f16Ready = false;
        this.q8Ready = false;
    }

    int count() {
        return count;
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
            case Q8_0 -> {
                if (!q8Ready) {
                    for (int b = 0; b < count * width / QK; b++) {
                        quantiseBlock(b);
                    }
                    q8Ready = true;
                }
            }
            default -> {
            }
        }
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
        }
    }
}
