package org.joulebench.runners.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.FloatBuffer;

import org.joulebench.zoo.Pooling;
import org.junit.jupiter.api.Test;

class PoolerTest {

    /** Two rows of three tokens, width 2; the second row's last token is padding. */
    private static final FloatBuffer HIDDEN = FloatBuffer.wrap(new float[] {
            1, 2, 3, 4, 5, 6,
            10, 0, 0, 20, 99, 99});
    private static final long[] MASK = {1, 1, 1, 1, 1, 0};

    @Test
    void meanAveragesRealTokensOnly() {
        float[][] v = Pooler.pool(HIDDEN, MASK, 2, 3, 2, Pooling.MEAN, false);
        assertArrayEquals(new float[] {3, 4}, v[0]);
        assertArrayEquals(new float[] {5, 10}, v[1]);
    }

    @Test
    void clsTakesTheFirstToken() {
        float[][] v = Pooler.pool(HIDDEN, MASK, 2, 3, 2, Pooling.CLS, false);
        assertArrayEquals(new float[] {1, 2}, v[0]);
        assertArrayEquals(new float[] {10, 0}, v[1]);
    }

    @Test
    void normalisingGivesUnitLength() {
        float[][] v = Pooler.pool(HIDDEN, MASK, 2, 3, 2, Pooling.MEAN, true);
        assertArrayEquals(new float[] {0.6f, 0.8f}, v[0], 1e-6f);
        assertArrayEquals(new float[] {0.4472136f, 0.8944272f}, v[1], 1e-6f);
    }

    @Test
    void aZeroVectorStaysZero() {
        assertArrayEquals(new float[] {0, 0}, Pooler.unit(new float[] {0, 0}));
    }
}
