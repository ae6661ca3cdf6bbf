package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class PairedRatioTest {

    /** Ten per-round log ratios; the reference figures come from SciPy (p) and a brute-force Walsh list. */
    private static final double[] LOGS = {0.031, -0.012, 0.044, 0.027, 0.009, 0.052, -0.004, 0.038, 0.021, 0.015};

    @Test
    void theSignedRankDistributionIsTheCountOfSignPatterns() {
        double[] cdf = PairedRatio.signedRankCdf(10);
        // 25 of the 1024 subsets of {1..10} sum to 8 or less (the textbook critical value for n = 10).
        assertEquals(25 / 1024.0, cdf[8], 1e-15);
        assertEquals(1.0, cdf[55], 1e-15);
        assertEquals(9, PairedRatio.lowerOrderStatistic(10, 0.025));
    }

    @Test
    void pseudoMedianIntervalAndPValueMatchTheReferences() {
        double[] a = new double[LOGS.length];
        double[] b = new double[LOGS.length];
        for (int i = 0; i < LOGS.length; i++) {
            a[i] = 2.0 + i * 0.1; // the level differs per round; only the ratio matters
            b[i] = a[i] * Math.exp(LOGS[i]);
        }
        PairedRatio r = PairedRatio.of(a, b, 0.05, 0.8);
        assertEquals(Math.exp(0.023), r.ratio(), 1e-12);
        assertEquals(Math.exp(0.0075), r.ratioCi95().get(0), 1e-12);
        assertEquals(Math.exp(0.0375), r.ratioCi95().get(1), 1e-12);
        assertEquals(0.013671875, r.pValue(), 1e-12); // scipy.stats.wilcoxon(method='exact')
        assertEquals(10, r.pairs());
        assertTrue(r.mdeRelative() > 0 && r.mdeRelative() < 0.05, "mde " + r.mdeRelative());
    }

    @Test
    void identicalSidesShowNoChange() {
        double[] a = {1, 2, 3, 4, 5, 6};
        PairedRatio r = PairedRatio.of(a, a.clone(), 0.05, 0.8);
        assertEquals(1.0, r.ratio(), 0);
        assertEquals(1.0, r.pValue(), 0);
    }

    @Test
    void anOutlierRoundMovesTheEstimateLittle() {
        Random random = new Random(7);
        double[] a = new double[30];
        double[] b = new double[30];
        for (int i = 0; i < a.length; i++) {
            a[i] = 1 + random.nextGaussian() * 0.01;
            b[i] = 1.10 * (1 + random.nextGaussian() * 0.01);
        }
        b[3] *= 3; // a burst of other load in one run
        PairedRatio r = PairedRatio.of(a, b, 0.05, 0.8);
        assertEquals(1.10, r.ratio(), 0.01);
        assertTrue(r.ratioCi95().get(1) < 1.13, "upper bound " + r.ratioCi95().get(1));
        assertTrue(r.pValue() < 1e-6);
    }

    @Test
    void coversTheTrueRatioAtAboutItsLevel() {
        Random random = new Random(11);
        int covered = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            double[] a = new double[20];
            double[] b = new double[20];
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.exp(random.nextGaussian() * 0.05);
                b[i] = 1.03 * Math.exp(random.nextGaussian() * 0.05);
            }
            PairedRatio r = PairedRatio.of(a, b, 0.05, 0.8);
            if (r.ratioCi95().get(0) <= 1.03 && 1.03 <= r.ratioCi95().get(1)) {
                covered++;
            }
        }
        // 95 % nominal (the exact interval is slightly conservative); 400 trials: ±2.2 % is one standard error.
        assertTrue(covered >= 0.91 * trials && covered <= 0.99 * trials, covered + " of " + trials);
    }

    @Test
    void aValueAtOrBelowZeroHasNoRatio() {
        PairedRatio r = PairedRatio.of(new double[] {1, 1, 1, 1, 1, 1}, new double[] {1, 1, 0, 1, 1, 1}, 0.05, 0.8);
        assertTrue(Double.isNaN(r.ratio()));
        assertEquals(1, r.pValue());
    }

    @Test
    void unequalSidesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(new double[] {1}, new double[] {1, 2}, 0.05, 0.8));
    }
}
