package org.joulebench.zoo.gguf;

/**
 * IEEE 754 binary16 conversions (Java 17 has no Float.float16ToFloat): decoding by arithmetic or a
 * table, and round-to-nearest-even encoding as F16C's conversion and ggml's GGML_FP32_TO_FP16 do.
 * Shared by the GGUF codec and the java engine's hot loops.
 */
public final class Half {

    /** The float value of every half, indexed by its 16 bits. */
    static final float[] TO_FLOAT = new float[1 << 16];

    static {
        for (int h = 0; h < TO_FLOAT.length; h++) {
            TO_FLOAT[h] = decode(h);
        }
    }

    private Half() {
    }

    /** The reference decoding, field by field, that fills the table. */
    static float decode(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /**
     * A half's value by arithmetic rather than the table (faster in long rows): the exponent and mantissa bits
     * moved into a float's place and scaled by 2^112, which is exact for normal and subnormal halves alike.
     * Infinities and NaNs come from the table.
     */
    public static float toFloat(short h) {
        if ((h & 0x7C00) == 0x7C00) {
            return TO_FLOAT[h & 0xFFFF];
        }
        float magnitude = Float.intBitsToFloat((h & 0x7FFF) << 13) * 0x1p112f;
        // The sign by a bit, not a branch: signs of weights are random, and a branch would be mispredicted.
        return Float.intBitsToFloat(Float.floatToRawIntBits(magnitude) | (h & 0x8000) << 16);
    }

    /** Rounds to nearest, ties to even, as F16C's conversion and ggml's GGML_FP32_TO_FP16 do. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFF_FFFF;
        if (abs >= 0x7F80_0000) {
            // Infinity stays infinity; NaN keeps a quiet NaN with the top of its payload.
            return (short) (sign | 0x7C00 | (abs > 0x7F80_0000 ? 0x200 | ((abs >>> 13) & 0x3FF) : 0));
        }
        if (abs >= 0x477F_F000) {
            // 65520 and above round past the largest half, 65504.
            return (short) (sign | 0x7C00);
        }
        if (abs < 0x3880_0000) {
            // Below 2^-14: a subnormal half. v * 2^24 is exact; rint rounds half to even.
            int m = (int) Math.rint(Float.intBitsToFloat(abs) * 0x1p24f);
            return (short) (sign | m);
        }
        int h = ((((abs >>> 23) - 127 + 15) << 10) | ((abs & 0x7F_FFFF) >>> 13));
        int rest = abs & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (h & 1) == 1)) {
            h++;
        }
        return (short) (sign | h);
    }

    /** {@code f} rounded to the nearest half, as a float (by the table). */
    public static float round(float f) {
        return TO_FLOAT[fromFloat(f) & 0xFFFF];
    }
}
