package org.joulebench.reports.csv;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers for machine reading, the same in every locale: 9 significant digits (half-even), plain
 * decimal notation with a point and never an exponent, trailing zeros dropped ({@code 0.000123456789},
 * {@code 1500}, {@code 0}). A value that is not finite is written as an empty field, never as 0.
 */
final class CsvNumbers {

    private static final MathContext NINE_DIGITS = new MathContext(9, RoundingMode.HALF_EVEN);

    private CsvNumbers() {
    }

    static String decimal(double value) {
        if (!Double.isFinite(value)) {
            return "";
        }
        return new BigDecimal(value).round(NINE_DIGITS).stripTrailingZeros().toPlainString();
    }
}
