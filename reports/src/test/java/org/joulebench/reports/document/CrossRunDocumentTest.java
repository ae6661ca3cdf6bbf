package org.joulebench.reports.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.reports.CrossRun;
import org.joulebench.reports.CrossRunFixtures;
import org.joulebench.reports.Golden;
import org.joulebench.reports.Locales;
import org.joulebench.reports.ReportFixtures;
import org.joulebench.reports.ServingFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CrossRunDocumentTest {

    @ParameterizedTest(name = "locale {0}")
    @MethodSource("org.joulebench.reports.Locales#tags")
    void theMarkdownMatchesTheGoldenFileInEveryLocale(String locale, @TempDir Path dir) throws Exception {
        List<Path> written = Locales.with(locale,
                () -> new CrossRunMarkdownWriter().write(CrossRunFixtures.twoHosts(), dir));

        assertEquals(List.of(dir.resolve("report.md")), written);
        Golden.assertMatches("cross-run-report.md", Files.readString(written.get(0), StandardCharsets.UTF_8));
    }

    @Test
    void markupInAModelNameIsTextInTheHtml(@TempDir Path dir) throws Exception {
        String evil = "<script>alert(1)</script>";
        CrossRun runs = CrossRun.of(List.of(ReportFixtures.run(evil), CrossRunFixtures.fabricatedHostB()), null, null,
                "joulebench report a b --out " + evil);

        String html = Files.readString(new CrossRunHtmlWriter().write(runs, dir).get(0), StandardCharsets.UTF_8);

        assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains("<script"), "no script element");
        assertTrue(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"), "the name as text in a cell");
        assertTrue(html.contains("--out &lt;script&gt;alert(1)&lt;/script&gt;"), "the command as text");
    }

    @Test
    void withoutAGridIntensityThereIsNoCarbonFigureAndTheReportSaysHowToGetOne(@TempDir Path dir) throws Exception {
        CrossRun runs = CrossRun.of(List.of(CrossRunFixtures.hostA(), CrossRunFixtures.fabricatedHostB()), null, null,
                null);

        String md = Files.readString(new CrossRunMarkdownWriter().write(runs, dir).get(0), StandardCharsets.UTF_8);

        assertTrue(md.contains("| n/a (no grid intensity given) |"), md);
        assertTrue(md.contains("No grid intensity was given, so no gCO2e figures"), md);
        assertFalse(md.contains("| 0 |") || md.contains("NaN"), "no zeros or NaN in place of figures");
    }

    @Test
    void twoServingRunsGiveTableRowsThatDifferByTheirLevel(@TempDir Path dir) throws Exception {
        java.time.Instant t0 = java.time.Instant.parse("2026-01-02T03:04:05Z");
        CrossRun runs = CrossRun.of(List.of(ServingFixtures.run("fixture-serving-a", t0, 0.002, 1, 2),
                ServingFixtures.run("fixture-serving-b", t0.plusSeconds(60), 0.003, 1, 2)), null, null, null);

        String md = Files.readString(new CrossRunMarkdownWriter().write(runs, dir).get(0), StandardCharsets.UTF_8);

        List<String> rows = md.lines().filter(l -> l.startsWith("| " + ReportFixtures.GEN_SMALL)).toList();
        for (String run : List.of("fixture-host #1", "fixture-host #2")) {
            for (int level : List.of(1, 2)) {
                String label = "| " + ReportFixtures.GEN_SMALL + " (c=" + level + ") | " + run + " |";
                assertEquals(2, rows.stream().filter(l -> l.startsWith(label)).count(),
                        "the figures table and the published table: " + label + "\n" + md);
            }
        }
        assertEquals(rows.size(), rows.stream().distinct().count(), "no two rows alike");
        assertTrue(md.contains("| " + ReportFixtures.COMPLETION + " (c=2) | ESTIMATE ±50% | 2 | ★★★★★ |"),
                "rating bands per level: " + md);
        assertTrue(md.contains("Rows marked (c=N) are the serving scenario"), md);
        assertTrue(md.contains("rated per concurrency level"), md);
        assertTrue(md.contains("has no such chart"), "the accuracy chart leaves serving levels out: " + md);
    }

    @Test
    void differentMethodsAreWarnedAboutAndRatedApart(@TempDir Path dir) throws Exception {
        CrossRun runs = CrossRun.of(List.of(CrossRunFixtures.hostA(), ReportFixtures.run()), null, null, null);

        String md = Files.readString(new CrossRunMarkdownWriter().write(runs, dir).get(0), StandardCharsets.UTF_8);

        assertTrue(md.contains("The runs measured energy by different methods (COUNTER, ESTIMATE ±50%)"), md);
        assertTrue(md.contains("| fixture-retrieval | ESTIMATE ±50% |"), "bands per method: " + md);
        assertTrue(md.contains("| fixture-retrieval | COUNTER |"), "bands per method: " + md);
    }
}
