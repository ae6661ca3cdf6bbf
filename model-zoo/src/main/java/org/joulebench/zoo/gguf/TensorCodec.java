package org.joulebench.zoo.gguf;

import java.nio.ByteBuffer;

/** Converts floats to and from the bytes of the supported tensor types, as ggml's reference code does. */
final class TensorCodec {

    static final int QK8_0 = 32;

    private TensorCodec() {
    }

    /** Appends {@code n} values from {@code src[off..]} to {@code dst} in {@code type}'s layout. */
    static void encode(GgmlType type, float[] src, int off, int n, ByteBuffer dst) {
        switch (type) {
            case F32 -> {
                for (int i = 0; i < n; i++) {
                    dst.putFloat(src[off + i]);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst.putShort(Half.fromFloat(src[off + i]));
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < n; b += QK8_0) {
                    encodeQ8Block(src, off + b, dst);
                }
            }
            case Q4_0, Q4_K, Q5_K, Q6_K -> QuantBlocks.quantize(type, src, off, n, dst);
            default -> type.requireSupported();
        }
    }

    /**
     * ggml's {@code quantize_row_q8_0_ref}: {@code d = max|x| / 127}, stored as f16; {@code q = roundf(x / d)}
     * (halves away from zero).
     */
    private static void encodeQ8Block(float[] x, int off, ByteBuffer dst) {
        float amax = 0;
        for (int j = 0; j < QK8_0; j++) {
            amax = Math.max(amax, Math.abs(x[off + j]));
        }
        float d = amax / 127;
        float id = d != 0 ? 1.0f / d : 0.0f;
        dst.putShort(Half.fromFloat(d));
        for (int j = 0; j < QK8_0; j++) {
            dst.put((byte) roundAwayFromZero(x[off + j] * id));
        }
    }

    /** C's {@code roundf}; exact for floats because adding 0.5 to a float's value is exact in double. */
    static long roundAwayFromZero(float v) {
        long q = (long) Math.floor(Math.abs((double) v) + 0.5);
        return v < 0 ? -q : q;
    }

    /** Reads {@code dst.length} values of {@code type} from {@code src} (from its position 0). */
    static void decode(GgmlType type, ByteBuffer src, float[] dst) {
        switch (type) {
            case F32 -> {
                for (int i = 0; i < dst.length; i++) {
                    dst[i] = src.getFloat(4 * i);
                }
            }
            case F16 -> {
                for (int i = 0; i < dst.length; i++) {
                    dst[i] = Half.toFloat(src.getShort(2 * i));
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < dst.length / QK8_0; b++) {
                    int at = b * (2 + QK8_0);
                    float d = Half.toFloat(src.getShort(at));
                    for (int j = 0; j < QK8_0; j++) {
                        dst[b * QK8_0 + j] = d * src.get(at + 2 + j);
                    }
                }
            }
            case Q4_0, Q4_K, Q5_K, Q6_K -> QuantBlocks.dequantize(type, src, 0, dst, 0, dst.length);
            default -> type.requireSupported();
        }
    }
}
