package org.joulebench.reports.document;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.joulebench.harness.Stat;

/**
 * Numbers for people, the same in every locale: a decimal point, no grouping, no exponent. A value
 * that is not there or not finite shows as {@value #NA}, never as 0.
 */
final class Numbers {

    static final String NA = "n/a";
    /** Significant digits of measured figures. */
    static final int DIGITS = 4;

    private Numbers() {
    }

    /** {@code digits} significant digits, but never rounded left of the decimal point: 0.01235, 5.000, 1235. */
    static String sig(double x, int digits) {
        if (!Double.isFinite(x)) {
            return NA;
        }
        return new BigDecimal(x).setScale(scale(Math.abs(x), digits), RoundingMode.HALF_EVEN).toPlainString();
    }

    static String sig(double x) {
        return sig(x, DIGITS);
    }

    /** {@code decimals} places after the point. */
    static String fixed(double x, int decimals) {
        if (!Double.isFinite(x)) {
            return NA;
        }
        return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** {@code mean [lo, hi]}, all three to the decimals the largest of them needs for {@link #DIGITS} digits. */
    static String withCi(Stat s) {
        if (s == null) {
            return NA;
        }
        return withCi(s.mean(), s.lo(), s.hi(), 1);
    }

    /** As {@link #withCi(Stat)}, the three values multiplied by {@code factor} (1000 for J to mJ). */
    static String withCi(double mean, double lo, double hi, double factor) {
        double m = mean * factor;
        double l = lo * factor;
        double h = hi * factor;
        if (!Double.isFinite(m)) {
            return NA;
        }
        double largest = Math.max(Math.abs(m), Math.max(finiteAbs(l), finiteAbs(h)));
        int scale = scale(largest, DIGITS);
        return at(m, scale) + " [" + at(l, scale) + ", " + at(h, scale) + "]";
    }

    /** An accuracy in [0, 1] with three decimals, and its interval when it has one. */
    static String accuracy(double value, List<Double> ci95) {
        String v = fixed(value, 3);
        if (ci95 == null || ci95.size() != 2 || ci95.get(0) == null || ci95.get(1) == null) {
            return v;
        }
        return v + " [" + fixed(ci95.get(0), 3) + ", " + fixed(ci95.get(1), 3) + "]";
    }

    /** A fraction as a signed percentage with one decimal: {@code 0.2} as {@code +20.0%}, {@code -0.05} as {@code -5.0%}. */
    static String signedPercent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return NA;
        }
        BigDecimal rounded = new BigDecimal(fraction * 100.0).setScale(1, RoundingMode.HALF_EVEN);
        return (rounded.signum() > 0 ? "+" : "") + rounded.toPlainString() + "%";
    }

    /** A parameter count: {@code 22.7M}, {@code 1.10B}; unknown (0 or less) as {@value #NA}. */
    static String params(long count) {
        if (count <= 0) {
            return NA;
        }
        if (count < 1_000) {
            return Long.toString(count);
        }
        String[] units = {"k", "M", "B", "T"};
        double value = count;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return sig(value, 3) + units[unit];
    }

    /** Bytes in GiB with one decimal. */
    static String gibibytes(long bytes) {
        return fixed(bytes / (double) (1L << 30), 1) + " GiB";
    }

    /** A value from a settings or details map: numbers plain and shortest, lists and maps spelled out. */
    static String value(Object v) {
        if (v == null) {
            return "none";
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : NA;
        }
        if (v instanceof BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Numbers::value).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ": " + value(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return v.toString();
    }

    private static String at(double x, int scale) {
        return Double.isFinite(x) ? new BigDecimal(x).setScale(scale, RoundingMode.HALF_EVEN).toPlainString() : NA;
    }

    private static double finiteAbs(double x) {
        return Double.isFinite(x) ? Math.abs(x) : 0;
    }

    /** Decimals that give {@code magnitude} {@code digits} significant digits once rounded, at least 0. */
    private static int scale(double magnitude, int digits) {
        if (magnitude == 0) {
            return digits - 1;
        }
        BigDecimal rounded = new BigDecimal(magnitude).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        return Math.max(0, digits - 1 - exponent);
    }
}
