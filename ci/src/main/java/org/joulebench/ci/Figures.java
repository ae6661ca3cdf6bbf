package org.joulebench.ci;

import java.util.Locale;

/** Numbers as the gate prints them, the same in every locale. */
final class Figures {

    private Figures() {
    }

    /** A metric's value, 4 significant digits. */
    static String value(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "n/a";
    }

    /** A change's size: a percentage for ratios, points of the metric for accuracy. */
    static String change(double v, boolean absolute) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return absolute ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.1f %%", v * 100);
    }

    /** A ratio. */
    static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.3f", r) : "n/a";
    }

    /** A p-value: three decimals, or a bound below 0.001. */
    static String p(double p) {
        return p < 0.001 ? "p < 0.001" : String.format(Locale.ROOT, "p = %.3f", p);
    }

    /** A Markdown table cell: pipes escaped, line breaks flattened. */
    static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
    }
}
