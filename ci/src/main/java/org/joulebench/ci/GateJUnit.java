package org.joulebench.ci;

import java.util.ArrayList;
import java.util.List;

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
        List<Case> cases = new ArrayList<>();
        for (GateRow r : report.rows()) {
            RowComparison c = r.comparison();
            String detail = c.metric().label() + ": baseline " + Figures.value(c.baseline()) + ", current "
                    + Figures.value(c.current()) + ", ratio " + Figures.ratio(c.ratio()) + " (95 % CI "
                    + Figures.ratio(c.ratioCi95().get(0)) + "–" + Figures.ratio(c.ratioCi95().get(1)) + "), "
                    + c.test() + " over " + c.baselineItems() + " and " + c.currentItems() + " items";
            cases.add(new Case(c.task() + "." + c.model() + "." + c.backend(), c.metric().id(), r.verdict(),
                    r.reason(), detail));
        }
        return render(SUITE, cases);
    }

    /** One test case: a regression fails, an inconclusive verdict is skipped, the rest pass. */
    record Case(String classname, String name, Verdict verdict, String reason, String detail) {
    }

    static String render(String suite, List<Case> cases) {
        long failures = cases.stream().filter(c -> c.verdict() == Verdict.REGRESSION).count();
        long skipped = cases.stream().filter(c -> c.verdict() == Verdict.INCONCLUSIVE).count();
        int tests = cases.size();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"").append(escape(suite)).append("\" tests=\"").append(tests)
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\">\n");
        x.append("  <testsuite name=\"").append(escape(suite)).append("\" tests=\"").append(tests)
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\">\n");
        for (Case c : cases) {
            x.append("    <testcase classname=\"").append(escape(c.classname())).append("\" name=\"")
                    .append(escape(c.name())).append("\"");
            switch (c.verdict()) {
                case REGRESSION -> x.append(">\n      <failure type=\"regression\" message=\"")
                        .append(escape(c.reason())).append("\">").append(escape(c.detail()))
                        .append("</failure>\n    </testcase>\n");
                case INCONCLUSIVE -> x.append(">\n      <skipped message=\"")
                        .append(escape("inconclusive: " + c.reason())).append("\"/>\n    </testcase>\n");
                default -> x.append(">\n      <system-out>").append(escape(c.verdict().label() + ": " + c.reason()
                        + ". " + c.detail())).append("</system-out>\n    </testcase>\n");
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
