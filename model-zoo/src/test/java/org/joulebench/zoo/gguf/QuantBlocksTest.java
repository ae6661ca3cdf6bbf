package org.joulebench.zoo.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 4-, 5- and 6-bit blocks: quantised and read back, each value within its step of the original. */
class QuantBlocksTest {

    /**
     * Random N(0, 1) rows of 1,024 values (a few outliers, a constant and an all-zero block among them) written and
     * read back: the root-mean-square error relative to the values' is below {@code rmsBound}, and no value is off by
     * more than {@code worstBound} times the largest magnitude of its block (Q4_0 clamps the side opposite its largest value at 7/8 of it, as ggml's reference does).
     */
    @ParameterizedTest
    @CsvSource({"Q4_0, 0.15, 0.13", "Q4_K, 0.13, 0.08", "Q5_K, 0.065, 0.04", "Q6_K, 0.035, 0.03", "Q8_0, 0.01, 0.005"})
    void valuesComeBackWithinTheirTypesPrecision(GgmlType type, double rmsBound, double worstBound) {
        int n = 1024;
        float[] x = new float[n];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            x[i] = (float) gaussian(random);
        }
        x[17] = 9f; // an outlier
        x[300] = -7f;
        java.util.Arrays.fill(x, 512, 768, 0.25f); // a constant block
        java.util.Arrays.fill(x, 768, 1024, 0f); // an all-zero block
        ByteBuffer b = ByteBuffer.allocate((int) type.byteSize(n)).order(ByteOrder.LITTLE_ENDIAN);
        TensorCodec.encode(type, x, 0, n, b);
        assertEquals(b.capacity(), b.position(), "the blocks fill exactly the type's size");
        float[] y = new float[n];
        TensorCodec.decode(type, b, y);
        double err = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            err += (x[i] - y[i]) * (x[i] - y[i]);
            sum += x[i] * x[i];
        }
        assertTrue(Math.sqrt(err / sum) < rmsBound, type + ": relative rms error " + Math.sqrt(err / sum));
        int block = type.blockSize();
        for (int start = 0; start < n; start += block) {
            float amax = 0;
            for (int i = start; i < start + block; i++) {
                amax = Math.max(amax, Math.abs(x[i]));
            }
            for (int i = start; i < start + block; i++) {
                assertTrue(Math.abs(x[i] - y[i]) <= worstBound * amax + 1e-6, type + " value " + i + ": " + x[i]
                        + " came back as " + y[i]);
            }
        }
        for (int i = 768; i < 1024; i++) {
            assertTrue(y[i] == 0f, type + ": zeros stay zeros, was " + y[i]);
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
