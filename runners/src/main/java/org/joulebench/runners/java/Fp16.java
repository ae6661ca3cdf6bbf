package org.joulebench.runners.java;

/** IEEE binary16: a table to read it, and round-to-nearest-even to write it (ggml's GGML_FP32_TO_FP16). */
final class Fp16 {

    /** The float value of every half, indexed by its 16 bits. */
    static final float[] TO_FLOAT = new float[1 << 16];

    static {
        for (int h = 0; h < TO_FLOAT.length; h++) {
            TO_FLOAT[h] = decode(h);
        }
    }

    private Fp16() {
    }

    private static float decode(int h) {
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

    static int fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFF_FFFF;
        if (abs >= 0x7F80_0000) {
            return sign | 0x7C00 | (abs > 0x7F80_0000 ? 0x200 | ((abs >>> 13) & 0x3FF) : 0);
        }
        if (abs >= 0x477F_F000) {
            return sign | 0x7C00;
        }
        if (abs < 0x3880_0000) {
            return sign | (int) Math.rint(Float.intBitsToFloat(abs) * 0x1p24f);
        }
        int h = (((abs >>> 23) - 127 + 15) << 10) | ((abs & 0x7F_FFFF) >>> 13);
        int rest = abs & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (h & 1) == 1)) {
            h++;
        }
        return sign | h;
    }

    /**
     * A half's value by arithmetic rather than the table (faster in long rows): the exponent and mantissa bits
     * moved into a float's place and scaled by 2^112, which is exact for normal and subnormal halves alike.
     */
    static float toFloat(int h) {
        if ((h & 0x7C00) == 0x7C00) {
            return TO_FLOAT[h & 0xFFFF];
        }
        float magnitude = Float.intBitsToFloat((h & 0x7FFF) << 13) * 0x1p112f;
        // The sign by a bit, not a branch: signs of weights are random, and a branch would be mispredicted.
        return Float.intBitsToFloat(Float.floatToRawIntBits(magnitude) | (h & 0x8000) << 16);
    }

    /** {@code f} rounded to the nearest half, as a float. */
    static float round(float f) {
        return TO_FLOAT[fromFloat(f)];
    }
}
