package org.joulebench.runners.java;

import java.nio.ByteBuffer;

import org.joulebench.zoo.gguf.GgmlType;

/**
 * Counts the weights of a tensor that are NaN or infinite, in its stored form: F32 values, F16 values, and the
 * F16 scales of Q8_0, Q4_0 and K-quant blocks (their quantised values are always finite). A model with such
 * weights computes NaN logits; it is refused when it is opened, not found out by a failure mid-run.
 */
final class NonFinite {

    private static final int Q8_0_BLOCK = 34;

    private NonFinite() {
    }

    static long count(GgmlType type, ByteBuffer data) {
        ByteBuffer b = data.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long n = 0;
        switch (type) {
            case F32 -> {
                for (int i = b.position(); i + 4 <= b.limit(); i += 4) {
                    n += Float.isFinite(b.getFloat(i)) ? 0 : 1;
                }
            }
            case F16 -> {
                for (int i = b.position(); i + 2 <= b.limit(); i += 2) {
                    n += halfFinite(b.getShort(i)) ? 0 : 1;
                }
            }
            case Q8_0 -> {
                for (int i = b.position(); i + Q8_0_BLOCK <= b.limit(); i += Q8_0_BLOCK) {
                    n += halfFinite(b.getShort(i)) ? 0 : 1;
                }
            }
            case Q4_0, Q4_K, Q5_K, Q6_K -> {
                // their f16 scales: Q4_0's first two bytes, the K-quants' d and dmin first, Q6_K's d last
                int step = type.blockBytes();
                for (int i = b.position(); i + step <= b.limit(); i += step) {
                    if (type == GgmlType.Q6_K) {
                        n += halfFinite(b.getShort(i + step - 2)) ? 0 : 1;
                    } else {
                        n += halfFinite(b.getShort(i)) ? 0 : 1;
                        n += type == GgmlType.Q4_0 || halfFinite(b.getShort(i + 2)) ? 0 : 1;
                    }
                }
            }
            default -> {
                // other types are refused before this is asked
            }
        }
        return n;
    }

    static long count(float[] values) {
        long n = 0;
        for (float v : values) {
            n += Float.isFinite(v) ? 0 : 1;
        }
        return n;
    }

    /** An IEEE half is NaN or infinite when all five exponent bits are set. */
    private static boolean halfFinite(short h) {
        return (h & 0x7C00) != 0x7C00;
    }
}
