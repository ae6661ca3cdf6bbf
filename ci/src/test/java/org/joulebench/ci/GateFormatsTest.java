package org.joulebench.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import javax.xml.parsers.DocumentBuilderFactory;

import org.joulebench.harness.Comparison;
import org.joulebench.harness.ComparisonSettings;
import org.joulebench.harness.Metric;
import org.joulebench.harness.RowComparison;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The Markdown table and the JUnit XML, on hand-made rows (test inputs, not measurements), in a decimal-comma locale. */
class GateFormatsTest {

    private final Locale saved = Locale.getDefault();

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    private static RowComparison row(String model, Metric metric, double ratio, double p, double mde) {
        return new RowComparison("fixture-task", model, "fixture-backend", metric, "paired", "Wilcoxon signed-rank",
                40, 40, 0.5, 0.5 * ratio, ratio, List.of(ratio - 0.01, ratio + 0.01), 0.5 * ratio - 0.5,
                List.of(0.0, 0.0), p, mde, mde, null, null);
    }

    private static GateReport report() {
        Comparison c = new Comparison(List.of(
                row("fixture-model-a", Metric.J_PER_QUERY, 1.15, 1e-6, 0.02),
                row("fixture|pipe", Metric.J_PER_QUERY, 1.0, 1, 0),
                row("fixture-model-c", Metric.TOKENS_PER_S, 1.0, 0.6, 0.2)),
                List.of("fixture-task × fixture-gone × fixture-backend: only in the baseline run"),
                ComparisonSettings.of(Metric.perItemMetrics(), 0.05));
        return Gate.evaluate(c, new GatePolicy(0.05, 0.01));
    }

    @Test
    void markdownIsATableWithTheRegressionFirstInBold() {
        Locale.setDefault(Locale.GERMANY);
        String md = GateMarkdown.render(report(), "fixture-base", "fixture-current");
        assertTrue(md.startsWith("### Joulebench: 1 regression\n"), md);
        assertTrue(md.contains("| **regression** | fixture-task | fixture-model-a | fixture-backend | J/query | 0.5000 | "
                + "0.5750 | 1.150 (1.140–1.160) | 15.0 % worse (p < 0.001), beyond the 5.0 % allowed |"), md);
        assertTrue(md.contains("| no change | fixture-task | fixture\\|pipe |"), "pipes escaped: " + md);
        assertTrue(md.contains("| inconclusive (detects ≥ 20.0 %) |"), md);
        assertTrue(md.contains("- fixture-task × fixture-gone × fixture-backend: only in the baseline run"), md);
        assertTrue(!md.contains("0,5"), "no decimal commas: " + md);
    }

    @Test
    void junitHasOneCasePerRowAndAFailurePerRegression() throws Exception {
        String xml = GateJUnit.render(report());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        assertEquals(3, doc.getElementsByTagName("testcase").getLength());
        Element failing = (Element) doc.getElementsByTagName("testcase").item(0);
        assertEquals("fixture-task.fixture-model-a.fixture-backend", failing.getAttribute("classname"));
        assertEquals("j_per_query", failing.getAttribute("name"));
        Element failure = (Element) failing.getElementsByTagName("failure").item(0);
        assertEquals("15.0 % worse (p < 0.001), beyond the 5.0 % allowed", failure.getAttribute("message"));
        assertEquals("fixture-task.fixture|pipe.fixture-backend",
                ((Element) doc.getElementsByTagName("testcase").item(1)).getAttribute("classname"));
    }
}
