package org.joulebench.ci;

import org.joulebench.harness.RowComparison;

/**
 * The gate's verdicts as JUnit XML, one test case per row and metric, which CI systems display: a regression
 * is a failure, an inconclusive row is skipped (with the smallest effect it could have detected), the rest pass.
 */
public final class GateJUnit {

    private static final String SUITE = "joulebench compare";

    private GateJUnit() {
    }

    public static String render(GateReport report) {
        int failures = report.regressions().size();
        long skipped = report.rows().stream().filter(r -> r.verdict() == Verdict.INCONCLUSIVE).count();
        int tests = report.rows().size();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"").append(SUITE).append("\" tests=\"").append(tests).append("\" failures=\"")
                .append(failures).append("\" errors=\"0\" skipped=\"").append(skipped).append("\">\n");
        x.append("  <testsuite name=\"").append(SUITE).append("\" tests=\"").append(tests).append("\" failures=\"")
                .append(failures).append("\" errors=\"0\" skipped=\"").append(skipped).append("\">\n");
        for (GateRow r : report.rows()) {
            RowComparison c = r.comparison();
            x.append("    <testcase classname=\"").append(escape(c.task() + "." + c.model() + "." + c.backend()))
                    .append("\" name=\"").append(escape(c.metric().id())).append("\"");
            String detail = c.metric().label() + ": baseline " + Figures.value(c.baseline()) + ", current "
                    + Figures.value(c.current()) + ", ratio " + Figures.ratio(c.ratio()) + " (95 % CI "
                    + Figures.ratio(c.ratioCi95().get(0)) + "–" + Figures.ratio(c.ratioCi95().get(1)) + "), "
                    + c.test() + " over " + c.baselineItems() + " and " + c.currentItems() + " items";
            switch (r.verdict()) {
                case REGRESSION -> x.append(">\n      <failure type=\"regression\" message=\"")
                        .append(escape(r.reason())).append("\">").append(escape(detail))
                        .append("</failure>\n    </testcase>\n");
                case INCONCLUSIVE -> x.append(">\n      <skipped message=\"")
                        .append(escape("inconclusive: " + r.reason())).append("\"/>\n    </testcase>\n");
                default -> x.append(">\n      <system-out>").append(escape(r.verdict().label() + ": " + r.reason()
                        + ". " + detail)).append("</system-out>\n    </testcase>\n");
            }
        }
        x.append("  </testsuite>\n</testsuites>\n");
        return x.toString();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
