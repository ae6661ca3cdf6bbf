package org.joulebench.harness;

import java.util.Arrays;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Two-sided rank tests with the normal approximation, a continuity correction and the correction for
 * ties (Commons Math's own versions leave ties uncorrected, which matters for 0/1 scores).
 */
final class RankTests {

    private static final NormalDistribution NORMAL = new NormalDistribution();
    private static final NaturalRanking RANKING = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);

    private RankTests() {
    }

    /**
     * Wilcoxon signed-rank test of paired differences against a median of 0. Zero differences are dropped
     * (Wilcoxon's convention); with none left the p-value is 1.
     */
    static double signedRank(double[] differences) {
        double[] d = Arrays.stream(differences).filter(x -> x != 0).toArray();
        int n = d.length;
        if (n == 0) {
            return 1;
        }
        double[] ranks = RANKING.rank(Arrays.stream(d).map(Math::abs).toArray());
        double wPlus = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] > 0) {
                wPlus += ranks[i];
            }
        }
        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1) * (2.0 * n + 1) / 24.0 - ties(ranks) / 48.0;
        return pValue(wPlus - mean, variance);
    }

    /** Mann-Whitney U test of two independent samples. */
    static double mannWhitney(double[] x, double[] y) {
        int n1 = x.length;
        int n2 = y.length;
        if (n1 == 0 || n2 == 0) {
            return 1;
        }
        double[] all = new double[n1 + n2];
        System.arraycopy(x, 0, all, 0, n1);
        System.arraycopy(y, 0, all, n1, n2);
        double[] ranks = RANKING.rank(all);
        double r1 = 0;
        for (int i = 0; i < n1; i++) {
            r1 += ranks[i];
        }
        double u = r1 - n1 * (n1 + 1) / 2.0;
        double n = n1 + n2;
        double variance = n1 * (double) n2 / 12.0 * ((n + 1) - ties(ranks) / (n * (n - 1)));
        return pValue(u - n1 * (double) n2 / 2.0, variance);
    }

    /** Σ (t³ − t) over groups of t tied ranks. */
    private static double ties(double[] ranks) {
        double[] sorted = ranks.clone();
        Arrays.sort(sorted);
        double sum = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) {
                j++;
            }
            double t = j - i + 1;
            sum += t * t * t - t;
            i = j + 1;
        }
        return sum;
    }

    /** Two-sided p-value of a statistic's distance from its mean, with a continuity correction of ½. */
    private static double pValue(double distance, double variance) {
        if (!(variance > 0)) {
            return 1;
        }
        double z = Math.max(0, Math.abs(distance) - 0.5) / Math.sqrt(variance);
        return Math.min(1, 2 * NORMAL.cumulativeProbability(-z));
    }
}
