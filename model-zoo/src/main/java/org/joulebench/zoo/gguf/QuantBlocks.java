package org.joulebench.zoo.gguf;

import java.nio.ByteBuffer;

/**
 * The 4-, 5- and 6-bit block layouts people deploy (Q4_0; the K-quants Q4_K, Q5_K, Q6_K of the Q4_K_M and Q5_K_M
 * mixes; and Q8_0's, for the java engine's prefill): their dequantisation exactly as ggml lays the bits out, and a
 * simple quantiser that writes valid blocks.
 * The quantiser is not llama.cpp's (which searches scales to minimise the error); any block it writes is read the same
 * by llama.cpp and by Joulebench, which is all the agreement tests need.
 *
 * <p>Layouts, bytes in order: Q4_0 (32 values, 18 bytes): f16 {@code d}, 16 bytes of nibbles (low: values 0–15, high:
 * 16–31), value {@code d × (q − 8)}. Q4_K (256 values, 144 bytes): f16 {@code d}, f16 {@code dmin}, 12 bytes of
 * 6-bit scales and mins for eight sub-blocks of 32, 128 bytes of nibbles (each 64 values: 32 low nibbles, then 32 high),
 * value {@code d × sc × q − dmin × m}. Q5_K (176 bytes): as Q4_K with 32 bytes of fifth bits after the scales.
 * Q6_K (210 bytes): 128 bytes of low nibbles, 64 of high bit pairs, 16 int8 scales (one per 16 values), f16 {@code d},
 * value {@code d × sc × (q − 32)}.
 */
public final class QuantBlocks {

    /** Values per K-quant super-block. */
    public static final int QK_K = 256;

    private QuantBlocks() {
    }

    // ---------------------------------------------------------------- reading

    /** Dequantises {@code n} values (whole blocks) of {@code type} from {@code src} at byte {@code at} into {@code dst}. */
    public static void dequantize(GgmlType type, ByteBuffer src, int at, float[] dst, int off, int n) {
        int blocks = n / type.blockSize();
        for (int b = 0; b < blocks; b++) {
            int p = at + b * type.blockBytes();
            int o = off + b * type.blockSize();
            switch (type) {
                case Q4_0 -> q4_0(src, p, dst, o);
                case Q8_0 -> q8_0(src, p, dst, o);
                case Q4_K -> q4K(src, p, dst, o, false);
                case Q5_K -> q4K(src, p, dst, o, true);
                case Q6_K -> q6K(src, p, dst, o);
                default -> throw new IllegalArgumentException(type + " is not a block type of this class");
            }
        }
    }

    /** ggml's {@code dequantize_row_q8_0}: an f16 scale, then 32 int8, each times the scale. */
    private static void q8_0(ByteBuffer s, int p, float[] y, int o) {
        float d = Half.toFloat(s.getShort(p));
        for (int j = 0; j < 32; j++) {
            y[o + j] = s.get(p + 2 + j) * d;
        }
    }

    private static void q4_0(ByteBuffer s, int p, float[] y, int o) {
        float d = Half.toFloat(s.getShort(p));
        for (int j = 0; j < 16; j++) {
            int q = s.get(p + 2 + j) & 0xFF;
            y[o + j] = ((q & 0xF) - 8) * d;
            y[o + j + 16] = ((q >>> 4) - 8) * d;
        }
    }

    /** Q4_K, or Q5_K with {@code fifth} (its high bits sit between the scales and the nibbles). */
    private static void q4K(ByteBuffer s, int p, float[] y, int o, boolean fifth) {
        float d = Half.toFloat(s.getShort(p));
        float dmin = Half.toFloat(s.getShort(p + 2));
        int scales = p + 4;
        int qh = p + 16;
        int qs = fifth ? p + 48 : p + 16;
        for (int chunk = 0; chunk < 4; chunk++) {
            int is = 2 * chunk;
            float d1 = d * scale(s, scales, is);
            float m1 = dmin * min(s, scales, is);
            float d2 = d * scale(s, scales, is + 1);
            float m2 = dmin * min(s, scales, is + 1);
            int u1 = 1 << (2 * chunk);
            int u2 = 2 << (2 * chunk);
            for (int l = 0; l < 32; l++) {
                int q = s.get(qs + 32 * chunk + l) & 0xFF;
                int h = fifth ? s.get(qh + l) & 0xFF : 0;
                y[o + 64 * chunk + l] = d1 * ((q & 0xF) + ((h & u1) != 0 ? 16 : 0)) - m1;
                y[o + 64 * chunk + 32 + l] = d2 * ((q >>> 4) + ((h & u2) != 0 ? 16 : 0)) - m2;
            }
        }
    }

    private static void q6K(ByteBuffer s, int p, float[] y, int o) {
        int ql = p;
        int qh = p + 128;
        int sc = p + 192;
        float d = Half.toFloat(s.getShort(p + 208));
        for (int half = 0; half < 2; half++) {
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int lo0 = s.get(ql + 64 * half + l) & 0xFF;
                int lo1 = s.get(ql + 64 * half + l + 32) & 0xFF;
                int h = s.get(qh + 32 * half + l) & 0xFF;
                int q1 = ((lo0 & 0xF) | ((h & 3) << 4)) - 32;
                int q2 = ((lo1 & 0xF) | (((h >>> 2) & 3) << 4)) - 32;
                int q3 = ((lo0 >>> 4) | (((h >>> 4) & 3) << 4)) - 32;
                int q4 = ((lo1 >>> 4) | (((h >>> 6) & 3) << 4)) - 32;
                int base = o + 128 * half;
                y[base + l] = d * s.get(sc + 8 * half + is) * q1;
                y[base + l + 32] = d * s.get(sc + 8 * half + is + 2) * q2;
                y[base + l + 64] = d * s.get(sc + 8 * half + is + 4) * q3;
                y[base + l + 96] = d * s.get(sc + 8 * half + is + 6) * q4;
            }
        }
    }

    /** The 6-bit scale of sub-block {@code j} (0–7) from the 12 scale bytes at {@code at} (Q4_K, Q5_K). */
    public static int scale(ByteBuffer s, int at, int j) {
        return scale(low8(s, at), high4(s, at), j);
    }

    /** The 6-bit min of sub-block {@code j} (0–7) from the 12 scale bytes at {@code at} (Q4_K, Q5_K). */
    public static int min(ByteBuffer s, int at, int j) {
        return min(low8(s, at), high4(s, at), j);
    }

    /**
     * The 6-bit scale of sub-block {@code j} from the 12 scale bytes read as two little-endian integers: bytes 0–7 in
     * {@code s8}, 8–11 in {@code s4} (two loads per block instead of one per byte, for the kernels).
     */
    public static int scale(long s8, int s4, int j) {
        return scales(s8, s4, j >>> 2) >>> (8 * (j & 3)) & 0xFF;
    }

    /** The 6-bit min of sub-block {@code j} from the 12 scale bytes read as in {@link #scale(long, int, int)}. */
    public static int min(long s8, int s4, int j) {
        return mins(s8, s4, j >>> 2) >>> (8 * (j & 3)) & 0xFF;
    }

    /**
     * The scales of sub-blocks {@code 4 × quarter} to {@code 4 × quarter + 3} (quarter 0 or 1), one to a byte from the
     * lowest, as ggml's kernels unpack them: sub-blocks 0–3 are the low 6 bits of bytes 0–3; 4–7 the low nibbles of
     * bytes 8–11 with the top 2 bits of bytes 0–3 above them. The one statement of the rule.
     */
    public static int scales(long s8, int s4, int quarter) {
        int lo = (int) s8;
        return quarter == 0 ? lo & 0x3F3F3F3F : (s4 & 0x0F0F0F0F) | (((lo >>> 6) & 0x03030303) << 4);
    }

    /**
     * The mins, packed as {@link #scales}: sub-blocks 0–3 are the low 6 bits of bytes 4–7; 4–7 the high nibbles of
     * bytes 8–11 with the top 2 bits of bytes 4–7 above them.
     */
    public static int mins(long s8, int s4, int quarter) {
        int hi = (int) (s8 >>> 32);
        return quarter == 0 ? hi & 0x3F3F3F3F : ((s4 >>> 4) & 0x0F0F0F0F) | (((hi >>> 6) & 0x03030303) << 4);
    }

    /** Bytes {@code at..at+7} as a little-endian long, whatever the buffer's order. */
    private static long low8(ByteBuffer s, int at) {
        long v = s.getLong(at);
        return s.order() == java.nio.ByteOrder.LITTLE_ENDIAN ? v : Long.reverseBytes(v);
    }

    /** Bytes {@code at+8..at+11} as a little-endian int, whatever the buffer's order. */
    private static int high4(ByteBuffer s, int at) {
        int v = s.getInt(at + 8);
        return s.order() == java.nio.ByteOrder.LITTLE_ENDIAN ? v : Integer.reverseBytes(v);
    }

    // ---------------------------------------------------------------- writing

    /** Appends {@code type}'s blocks for {@code n} values (whole blocks) of {@code x} from {@code off}. */
    static void quantize(GgmlType type, float[] x, int off, int n, ByteBuffer dst) {
        for (int b = 0; b < n; b += type.blockSize()) {
            switch (type) {
                case Q4_0 -> writeQ4_0(x, off + b, dst);
                case Q4_K -> writeQ4K(x, off + b, dst, false);
                case Q5_K -> writeQ4K(x, off + b, dst, true);
                case Q6_K -> writeQ6K(x, off + b, dst);
                default -> throw new IllegalArgumentException(type + " is not a block type of this class");
            }
        }
    }

    /** As ggml's reference: the value of largest magnitude maps to −8, {@code q = min(15, (int) (x/d + 8.5))}. */
    private static void writeQ4_0(float[] x, int off, ByteBuffer dst) {
        float amax = 0;
        float max = 0;
        for (int j = 0; j < 32; j++) {
            if (amax < Math.abs(x[off + j])) {
                amax = Math.abs(x[off + j]);
                max = x[off + j];
            }
        }
        float d = max / -8;
        float id = d != 0 ? 1.0f / d : 0.0f;
        dst.putShort(Half.fromFloat(d));
        for (int j = 0; j < 16; j++) {
            int lo = Math.min(15, (byte) (int) (x[off + j] * id + 8.5f));
            int hi = Math.min(15, (byte) (int) (x[off + j + 16] * id + 8.5f));
            dst.put((byte) (lo | hi << 4));
        }
    }

    /**
     * Q4_K (or Q5_K with {@code fifth}): each sub-block of 32 gets an offset {@code m} that lifts its smallest value
     * to 0 and a scale that maps its range onto 0…15 (0…31); both are then stored as 6-bit multiples of the block's
     * {@code dmin} and {@code d}, and the values are rounded against the stored (rounded) scale and offset.
     */
    private static void writeQ4K(float[] x, int off, ByteBuffer dst, boolean fifth) {
        int nmax = fifth ? 31 : 15;
        float[] scales = new float[8];
        float[] mins = new float[8];
        for (int j = 0; j < 8; j++) {
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (int l = 0; l < 32; l++) {
                lo = Math.min(lo, x[off + 32 * j + l]);
                hi = Math.max(hi, x[off + 32 * j + l]);
            }
            mins[j] = Math.max(0, -lo);
            scales[j] = (hi + mins[j]) / nmax;
        }
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < 8; j++) {
            maxScale = Math.max(maxScale, scales[j]);
            maxMin = Math.max(maxMin, mins[j]);
        }
        float d = Half.round(maxScale / 63);
        float dmin = Half.round(maxMin / 63);
        int[] ls = new int[8];
        int[] lm = new int[8];
        for (int j = 0; j < 8; j++) {
            ls[j] = d > 0 ? Math.min(63, Math.round(scales[j] / d)) : 0;
            lm[j] = dmin > 0 ? Math.min(63, Math.round(mins[j] / dmin)) : 0;
        }
        byte[] packed = new byte[12];
        for (int j = 0; j < 8; j++) {
            if (j < 4) {
                packed[j] = (byte) ls[j];
                packed[j + 4] = (byte) lm[j];
            } else {
                packed[j + 4] = (byte) ((ls[j] & 0xF) | ((lm[j] & 0xF) << 4));
                packed[j - 4] |= (byte) ((ls[j] >>> 4) << 6);
                packed[j] |= (byte) ((lm[j] >>> 4) << 6);
            }
        }
        int[] q = new int[QK_K];
        for (int j = 0; j < 8; j++) {
            float step = d * ls[j];
            float lift = dmin * lm[j];
            for (int l = 0; l < 32; l++) {
                int v = step > 0 ? Math.round((x[off + 32 * j + l] + lift) / step) : 0;
                q[32 * j + l] = Math.max(0, Math.min(nmax, v));
            }
        }
        dst.putShort(Half.fromFloat(d));
        dst.putShort(Half.fromFloat(dmin));
        dst.put(packed);
        if (fifth) {
            byte[] qh = new byte[32];
            for (int chunk = 0; chunk < 4; chunk++) {
                for (int l = 0; l < 32; l++) {
                    if (q[64 * chunk + l] > 15) {
                        qh[l] |= (byte) (1 << (2 * chunk));
                    }
                    if (q[64 * chunk + 32 + l] > 15) {
                        qh[l] |= (byte) (2 << (2 * chunk));
                    }
                }
            }
            dst.put(qh);
        }
        for (int chunk = 0; chunk < 4; chunk++) {
            for (int l = 0; l < 32; l++) {
                dst.put((byte) ((q[64 * chunk + l] & 0xF) | (q[64 * chunk + 32 + l] & 0xF) << 4));
            }
        }
    }

    /**
     * Q6_K: each group of 16 gets a signed scale mapping its value of largest magnitude onto −32, stored as an int8
     * multiple of the block's {@code d}; values are rounded against the stored scale into −32…31.
     */
    private static void writeQ6K(float[] x, int off, ByteBuffer dst) {
        float[] scales = new float[16];
        float maxScale = 0;
        float amaxScale = 0;
        for (int g = 0; g < 16; g++) {
            float amax = 0;
            float max = 0;
            for (int l = 0; l < 16; l++) {
                float v = x[off + 16 * g + l];
                if (Math.abs(v) > amax) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            scales[g] = max / -32;
            if (Math.abs(scales[g]) > amaxScale) {
                amaxScale = Math.abs(scales[g]);
                maxScale = scales[g];
            }
        }
        float d = Half.round(maxScale / -128);
        int[] sc = new int[16];
        int[] q = new int[QK_K];
        for (int g = 0; g < 16; g++) {
            sc[g] = d != 0 ? Math.max(-128, Math.min(127, Math.round(scales[g] / d))) : 0;
            float step = d * sc[g];
            for (int l = 0; l < 16; l++) {
                int v = step != 0 ? Math.round(x[off + 16 * g + l] / step) : 0;
                q[16 * g + l] = Math.max(-32, Math.min(31, v)) + 32;
            }
        }
        byte[] ql = new byte[128];
        byte[] qh = new byte[64];
        for (int half = 0; half < 2; half++) {
            int j = 128 * half;
            for (int l = 0; l < 32; l++) {
                int q1 = q[j + l];
                int q2 = q[j + l + 32];
                int q3 = q[j + l + 64];
                int q4 = q[j + l + 96];
                ql[64 * half + l] = (byte) ((q1 & 0xF) | (q3 & 0xF) << 4);
                ql[64 * half + l + 32] = (byte) ((q2 & 0xF) | (q4 & 0xF) << 4);
                qh[32 * half + l] = (byte) ((q1 >>> 4) | (q2 >>> 4) << 2 | (q3 >>> 4) << 4 | (q4 >>> 4) << 6);
            }
        }
        dst.put(ql);
        dst.put(qh);
        for (int g = 0; g < 16; g++) {
            dst.put((byte) sc[g]);
        }
        dst.putShort(Half.fromFloat(d));
    }
}
