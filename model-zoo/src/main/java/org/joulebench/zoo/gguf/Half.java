package org.joulebench.zoo.gguf;

/** IEEE 754 binary16 conversions (Java 17 has no Float.float16ToFloat). */
final class Half {

    private Half() {
    }

    static float toFloat(short h) {
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

    /** Rounds to nearest, ties to even, as F16C's conversion and ggml's GGML_FP32_TO_FP16 do. */
    static short fromFloat(float f) {
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
}
