package org.joulebench.cli;

import picocli.CommandLine.Option;

/** What a gate allows and how sure it must be: the options `compare` and `ab` share. */
final class GateOptions {

    @Option(names = "--max-regression", paramLabel = "PCT", description = "largest worsening of energy or speed "
            + "(J/query, J/token, tokens/s; in ab, J and wall time) that is not a regression, e.g. 5% or 0.05 "
            + "(default: ${DEFAULT-VALUE})")
    String maxRegression = "5%";

    @Option(names = "--alpha", paramLabel = "A", description = "significance level of the tests (default: ${DEFAULT-VALUE})")
    double alpha = 0.05;

    /** {@code --max-regression} as a fraction: "5%", "5 %" or "0.05" as 0.05. */
    double maxRegression() {
        return fraction(maxRegression);
    }

    static double fraction(String text) {
        String t = text.strip();
        try {
            if (t.endsWith("%")) {
                return Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100;
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-regression must be a percentage such as 5% or a fraction such "
                    + "as 0.05, was '" + text + "'");
        }
    }
}
