package org.joulebench.runners.java;

import java.nio.ByteBuffer;

import org.joulebench.zoo.gguf.Half;

/**
 * Q8_0 blocks (an f16 scale, then 32 int8) split, when the model loads, into their int8 values, end to end, and their
 * scales as floats: still quantised, 36 bytes a block in memory against 34 in the file. The kernels then load each
 * block's weights 8 at a time at offsets that are multiples of 32, with no scale to decode between them, which Java 17
 * compiles to about half the instructions a block takes in the file's layout (about 1.4 times the products per second
 * here).
 */
final class Q8Weights {

    /** Bytes of a Q8_0 block in a GGUF file. */
    static final int FILE_BLOCK = 34;

    /** The int8 values, block after block: block {@code b}'s from {@code b * 32}. */
    final byte[] q;
    /** Block {@code b}'s scale. */
    final float[] d;

    private Q8Weights(byte[] q, float[] d) {
        this.q = q;
        this.d = d;
    }

    /** {@code blocks} Q8_0 blocks from the start of {@code le} (absolute reads; the buffer's position is left alone). */
    static Q8Weights split(ByteBuffer le, int blocks) {
        byte[] q = new byte[Math.multiplyExact(blocks, Activations.QK)];
        float[] d = new float[blocks];
        for (int b = 0; b < blocks; b++) {
            int p = b * FILE_BLOCK;
            d[b] = Half.toFloat(le.getShort(p));
            le.get(p + 2, q, b * Activations.QK, Activations.QK);
        }
        return new Q8Weights(q, d);
    }
}
