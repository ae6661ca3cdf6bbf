package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rank tests against values worked out by hand from their textbook formulas. */
class RankTestsTest {

    @Test
    void signedRankOnHollanderWolfeDepressionData() {
        // Hollander & Wolfe (1973) p. 29, the paired example of R's wilcox.test: W+ = 40 of n = 9, no ties,
        // so z = (|40 − 22.5| − 0.5) / √71.25 = 2.014 and p = 0.0440.
        double[] x = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
        double[] y = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};
        double[] d = new double[x.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = x[i] - y[i];
        }
        assertEquals(0.0440, RankTests.signedRank(d), 0.0005);
    }

    @Test
    void signedRankDropsZerosAndIsOneWithNoneLeft() {
        assertEquals(1.0, RankTests.signedRank(new double[] {0, 0, 0, 0}));
        double[] allUp = new double[20];
        java.util.Arrays.fill(allUp, 0.01);
        // 20 equal positive differences: all ranks tied, W+ = 210, mean 105, variance 717.5 − (20³ − 20)/48 = 551.25.
        double z = (105 - 0.5) / Math.sqrt(551.25);
        assertEquals(2 * (1 - new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(z)),
                RankTests.signedRank(allUp), 1e-9);
        assertTrue(RankTests.signedRank(allUp) < 1e-4);
    }

    @Test
    void mannWhitneyOnTwoSeparatedTriples() {
        // U = 0, mean 4.5, variance 3·3·7/12 = 5.25: z = 4 / √5.25, p = 0.0809 (R: wilcox.test(1:3, 4:6, exact = FALSE)).
        assertEquals(0.0809, RankTests.mannWhitney(new double[] {1, 2, 3}, new double[] {4, 5, 6}), 0.0005);
    }

    @Test
    void mannWhitneyCorrectsForTies() {
        assertEquals(1.0, RankTests.mannWhitney(new double[] {1, 1, 1}, new double[] {1, 1, 1}));
        // 0/1 scores: 10 of 20 right against 18 of 20 right. Ranks: 12 zeros at 6.5, 28 ones at 26.5.
        double[] a = new double[20];
        double[] b = new double[20];
        for (int i = 0; i < 20; i++) {
            a[i] = i < 10 ? 1 : 0;
            b[i] = i < 18 ? 1 : 0;
        }
        double u = 10 * 26.5 + 10 * 6.5 - 20 * 21 / 2.0;
        double ties = (12 * 12 * 12 - 12) + (28 * 28 * 28 - 28);
        double variance = 20 * 20 / 12.0 * (41 - ties / (40 * 39));
        double z = (Math.abs(u - 200) - 0.5) / Math.sqrt(variance);
        double expected = 2 * new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(-z);
        assertEquals(expected, RankTests.mannWhitney(a, b), 1e-12);
        assertTrue(expected < 0.01, "a clear difference once ties are accounted for: " + expected);
    }
}
