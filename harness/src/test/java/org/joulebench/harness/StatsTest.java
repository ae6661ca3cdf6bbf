package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void tIntervalMatchesHandComputation() {
        // mean 2, sd 1, n 3: half-width = t(0.975, 2) * 1 / sqrt(3) = 4.302653 / 1.7320508 = 2.484138
        Stat s = Stats.meanWithT(new double[] {1, 2, 3}, "repetitions");
        assertEquals(2.0, s.mean(), 1e-12);
        assertEquals(2.0 - 2.484138, s.lo(), 1e-5);
        assertEquals(2.0 + 2.484138, s.hi(), 1e-5);
        assertEquals(3, s.n());
        assertEquals("repetitions", s.basis());
    }

    @Test
    void singleSampleHasNoSpread() {
        Stat s = Stats.meanWithT(new double[] {5}, "queries");
        assertEquals(5, s.lo());
        assertEquals(5, s.hi());
        assertEquals(1, s.n());
    }

    @Test
    void wilsonIntervalMatchesPublishedValues() {
        // 8 of 10: Wilson 95% = [0.4902, 0.9433] (Newcombe 1998)
        Stat s = Stats.proportion(8, 10, "items");
        assertEquals(0.8, s.mean(), 1e-12);
        assertEquals(0.4902, s.lo(), 1e-4);
        assertEquals(0.9433, s.hi(), 1e-4);
        // 0 of 10 stays inside [0, 1]
        Stat zero = Stats.proportion(0, 10, "items");
        assertEquals(0, zero.lo(), 1e-12);
        assertEquals(0.2775, zero.hi(), 1e-4);
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5.5, Stats.percentile(v, 50), 1e-12);
        assertEquals(9.55, Stats.percentile(v, 95), 1e-12);
    }

    @Test
    void emptyInputIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Stats.meanWithT(new double[0], "x"));
        assertThrows(IllegalArgumentException.class, () -> Stats.proportion(0, 0, "x"));
    }

    @Test
    void aPositiveQuantityOverTwoRepetitionsNeverGetsANegativeBound() {
        // two repetitions far apart: the t-interval (t = 12.7) would reach far below zero
        Stat t = Stats.meanWithT(new double[] {2402, 600}, "repetitions");
        Stat s = Stats.positiveMean(new double[] {2402, 600}, "repetitions");

        org.junit.jupiter.api.Assertions.assertTrue(t.lo() < 0, "the plain t-interval goes below zero: " + t);
        org.junit.jupiter.api.Assertions.assertTrue(s.lo() > 0, s.toString());
        org.junit.jupiter.api.Assertions.assertEquals(1501, s.mean(), 1e-9);
        org.junit.jupiter.api.Assertions.assertEquals(s.mean() * s.mean(), s.lo() * s.hi(), 1e-6 * s.mean() * s.mean(),
                "symmetric on the log scale");
    }

    @Test
    void aQuantityWithASampleAtOrBelowZeroKeepsTheTInterval() {
        double[] net = {0.02, -0.01, 0.03};
        org.junit.jupiter.api.Assertions.assertEquals(Stats.meanWithT(net, "repetitions"),
                Stats.positiveMean(net, "repetitions"));
    }

    @Test
    void aBoundedScoreKeepsItsBootstrapIntervalWithinItsBounds() {
        // 10 items, MRR-like scores: a t-interval leaves [0, 1] here
        double[] scores = {0, 0, 0, 0, 0, 0, 0, 1, 0.5, 1.0 / 5};
        Stat t = Stats.meanWithT(scores, "items");
        Stat b = Stats.bootstrapMean(scores, "items");

        org.junit.jupiter.api.Assertions.assertTrue(t.lo() < 0, "the t-interval leaves [0, 1]: " + t);
        org.junit.jupiter.api.Assertions.assertTrue(b.lo() >= 0 && b.hi() <= 1 && b.lo() < b.mean() && b.mean() < b.hi(),
                b.toString());
        org.junit.jupiter.api.Assertions.assertEquals(b, Stats.bootstrapMean(scores, "items"), "seeded: the same every time");
    }
}
