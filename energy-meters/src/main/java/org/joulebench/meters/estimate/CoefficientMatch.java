package org.joulebench.meters.estimate;

/**
 * Which CCF row a CPU was given, and how well it fits.
 *
 * @param row    the coefficients used
 * @param fit    {@code exact}, {@code nearest available} or {@code fallback}
 * @param reason in words: what was recognised and why this row
 */
record CoefficientMatch(CcfCpuRow row, String fit, String reason) {

    static final String EXACT = "exact";
    static final String NEAREST = "nearest available";
    static final String FALLBACK = "fallback";

    static CoefficientMatch exact(CcfCpuRow row, String reason) {
        return new CoefficientMatch(row, EXACT, reason);
    }

    static CoefficientMatch nearest(CcfCpuRow row, String reason) {
        return new CoefficientMatch(row, NEAREST, reason);
    }
}
