package org.joulebench.zoo.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfTest {

    @Test
    void everyHalfSurvivesFloatAndBack() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(f))));
            } else {
                assertEquals((short) h, Half.fromFloat(f), Integer.toHexString(h));
            }
        }
    }

    @Test
    void roundsToNearestTiesToEven() {
        assertEquals(1f, Half.toFloat(Half.fromFloat(1 + 0x1p-11f)), "tie goes to the even 1.0");
        assertEquals(1 + 0x1p-9f, Half.toFloat(Half.fromFloat(1 + 0x1p-10f + 0x1p-11f)), "tie goes up to even");
        assertEquals(65504f, Half.toFloat(Half.fromFloat(65519f)));
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat(Half.fromFloat(65520f)));
        assertEquals(0x1p-24f, Half.toFloat(Half.fromFloat(0x1.8p-25f)), "subnormal rounds up past the tie");
        assertEquals(0f, Half.toFloat(Half.fromFloat(0x1p-25f)), "tie to even zero");
        assertEquals(0x1p-14f, Half.toFloat(Half.fromFloat(0x1.ffffp-15f)), "rounds up into the normals");
        assertEquals(-2f, Half.toFloat(Half.fromFloat(-2f)));
    }

    @Test
    void arithmeticDecodingAgreesWithTheTableForEveryHalf() {
        for (int h = 0; h < 0x10000; h++) {
            float want = Half.TO_FLOAT[h];
            float got = Half.toFloat((short) h);
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), Integer.toHexString(h));
            if (!Float.isNaN(want)) {
                assertEquals(h, Half.fromFloat(want) & 0xFFFF, "round trip of " + Integer.toHexString(h));
            }
        }
    }
}
