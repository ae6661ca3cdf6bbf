package org.joulebench.runners.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Fp16Test {

    @Test
    void arithmeticDecodingAgreesWithTheTableForEveryHalf() {
        for (int h = 0; h < 0x10000; h++) {
            float want = Fp16.TO_FLOAT[h];
            float got = Fp16.toFloat((short) h);
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), Integer.toHexString(h));
            if (!Float.isNaN(want)) {
                assertEquals(h, Fp16.fromFloat(want), "round trip of " + Integer.toHexString(h));
            }
        }
    }
}
