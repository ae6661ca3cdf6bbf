package org.joulebench.harness;

import java.util.Arrays;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * Percentile bootstrap of current/baseline: resamples items (pairs together when paired, each side apart
 * otherwise) and recomputes the ratio of means and the difference of means.
 */
final class Bootstrap {

    /**
     * @param ratioCi95      2.5th and 97.5th percentiles of the resampled ratios
     * @param differenceCi95 the same of the resampled differences
     * @param seLogRatio     standard deviation of the resampled log ratios; NaN where a resampled ratio was not
     *                       positive (a mean at or below zero: no ratio to speak of)
     * @param seDifference   standard deviation of the resampled differences
     */
    record Result(double[] ratioCi95, double[] differenceCi95, double seLogRatio, double seDifference) {
    }

    private Bootstrap() {
    }

    static Result paired(double[] baseline, double[] current, int resamples, long seed) {
        RandomGenerator random = new Well19937c(seed);
        int n = baseline.length;
        double[] ratio = new double[resamples];
        double[] diff = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sb = 0;
            double sc = 0;
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(n);
                sb += baseline[k];
                sc += current[k];
            }
            ratio[b] = sc / sb;
            diff[b] = (sc - sb) / n;
        }
        return summarise(ratio, diff);
    }

    static Result unpaired(double[] baseline, double[] current, int resamples, long seed) {
        RandomGenerator random = new Well19937c(seed);
        double[] ratio = new double[resamples];
        double[] diff = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double mb = resampledMean(baseline, random);
            double mc = resampledMean(current, random);
            ratio[b] = mc / mb;
            diff[b] = mc - mb;
        }
        return summarise(ratio, diff);
    }

    private static double resampledMean(double[] x, RandomGenerator random) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[random.nextInt(x.length)];
        }
        return s / x.length;
    }

    private static Result summarise(double[] ratio, double[] diff) {
        boolean positive = Arrays.stream(ratio).allMatch(r -> r > 0 && Double.isFinite(r));
        double seLog = positive ? new StandardDeviation().evaluate(Arrays.stream(ratio).map(Math::log).toArray())
                : Double.NaN;
        double[] ratioCi = Arrays.stream(ratio).allMatch(Double::isFinite)
                ? new double[] {Stats.percentile(ratio, 2.5), Stats.percentile(ratio, 97.5)}
                : new double[] {Double.NaN, Double.NaN};
        return new Result(ratioCi, new double[] {Stats.percentile(diff, 2.5), Stats.percentile(diff, 97.5)}, seLog,
                new StandardDeviation().evaluate(diff));
    }
}
