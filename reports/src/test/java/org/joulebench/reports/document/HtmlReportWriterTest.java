package org.joulebench.reports.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.joulebench.harness.RunResult;
import org.joulebench.reports.Locales;
import org.joulebench.reports.ReportFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportWriterTest {

    private static final String SCRIPT = "<script>alert(1)</script>";

    private static String html(RunResult run, Path dir) throws Exception {
        return Files.readString(new HtmlReportWriter().write(run, dir).get(0));
    }

    @Test
    void aModelIdIsEscapedWhereverItAppears(@TempDir Path dir) throws Exception {
        String html = html(ReportFixtures.run(SCRIPT), dir);

        assertTrue(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"), html);
        assertFalse(html.contains(SCRIPT));
        assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "the page has no script at all");
    }

    @Test
    void theSummaryComesBeforeTheFirstTaskAndEveryTableScrollsInItsOwnContainer(@TempDir Path dir) throws Exception {
        for (RunResult run : List.of(ReportFixtures.run(), ReportFixtures.generationRun(), ReportFixtures.sampledRun())) {
            String html = html(run, Files.createTempDirectory(dir, "r"));

            int summary = html.indexOf("<section id=\"summary\">");
            int task = html.indexOf("<section id=\"task-");
            assertTrue(summary > 0 && task > summary, "summary at " + summary + ", first task at " + task);
            assertTrue(html.indexOf("<div class=\"warnings\">") < 0 || html.indexOf("<div class=\"warnings\">") > summary,
                    "warnings come below the summary");
            int tables = html.split("<table>", -1).length - 1;
            int contained = html.split("<div class=\"table\"><table>", -1).length - 1;
            assertTrue(tables > 0);
            assertEquals(tables, contained, "every table sits in a scrolling container");
            assertTrue(html.contains(".table { overflow-x: auto;"), "the container scrolls sideways");
            assertTrue(html.contains("@media print"), "a print stylesheet");
        }
    }

    @Test
    void theSummaryRanksByEnergyAndComparesTheSmallestWithTheLargestModel(@TempDir Path dir) throws Exception {
        String html = html(ReportFixtures.run(), dir);
        String summary = html.substring(html.indexOf("<section id=\"summary\">"), html.indexOf("</section>"));

        assertTrue(summary.contains("fixture-large (335M parameters): 16× the J/query of fixture-small (22.7M) for 0.150 accuracy@1"
                + " better (ESTIMATE ±50%)."), summary);
        assertTrue(summary.contains("No stars: 2 models ran this task, and an energy rating needs at least 3."), summary);
        assertTrue(summary.contains("★"), "the task with three models has stars");
    }

    @Test
    void everyOtherStringFromTheRunIsEscapedToo(@TempDir Path dir) throws Exception {
        String html = html(ReportFixtures.run(), dir);

        assertTrue(html.contains("energy_uj is not readable | permission denied; fix: run as root, or `chmod o+r`"));
        assertTrue(html.contains("E = min_w × vcpus × t + (max_w − min_w) × process_cpu_s"));
        assertTrue(html.contains("this JVM process&#39;s CPU time"), "apostrophes from data are escaped");
    }

    @Test
    void opensOfflineWithChartsEmbedded(@TempDir Path dir) throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        Files.createDirectories(dir.resolve("charts"));
        Files.write(dir.resolve("charts/j-per-token.png"), png);

        String html = html(ReportFixtures.run(), dir);

        Matcher image = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" alt=\"j-per-token.png\">")
                .matcher(html);
        assertTrue(image.find(), html);
        assertEquals(List.of((byte) 0x89, (byte) 'P'), List.of(Base64.getDecoder().decode(image.group(1))[0],
                Base64.getDecoder().decode(image.group(1))[1]));
        String lower = html.toLowerCase(Locale.ROOT);
        for (String outside : List.of("http://", "https://", "<link", "@import", "url(", "src=\"charts/")) {
            assertFalse(lower.contains(outside), "references something outside the file: " + outside);
        }
        assertTrue(lower.contains("<style>"));
    }

    @Test
    void explainsHowTheFiguresWereObtained(@TempDir Path dir) throws Exception {
        String html = html(ReportFixtures.run(), dir);

        assertTrue(html.contains("<details><summary class=\"h2\">How these figures were obtained</summary>"));
        assertTrue(html.contains("Coefficients and sources of the estimate (meter estimate):"));
        assertTrue(html.contains("<td>source</td><td>fixture copy of published coefficients</td>"));
        assertTrue(html.contains("<td>match.cpuid_family</td><td>6</td>"));
        assertTrue(html.contains("3.250 W (ESTIMATE ±50%, boundary:"), "idle subtraction, with the estimate's uncertainty");
        assertTrue(html.contains("<dt>J/query net</dt><dd>over repetitions (n = 3)</dd>"), "CI basis");
        assertTrue(html.contains("<dt>Accuracy</dt><dd>over items (n = 4), each item&#39;s score averaged over"
                + " repetitions</dd>"), "accuracy CI basis");
        assertFalse(html.contains("basis is not recorded"), html);
        assertTrue(html.contains("<p>Every energy figure in this run comes from meter estimate.</p>"), "results matched to meters");
    }

    @Test
    void theIdleBaselineCarriesTheEstimatesUncertainty(@TempDir Path dir) throws Exception {
        String html = html(ReportFixtures.run(), dir);

        assertTrue(html.contains("<dt>Idle power before the suite</dt><dd>3.250 W over 5.0 s = 16.25 J"
                + " (ESTIMATE ±50%)</dd>"), html);
        assertTrue(html.contains("<dt>Idle power after the suite</dt><dd>not measured</dd>"), "an older result");
        assertFalse(html.contains("Idle drift"), "no drift without a baseline after the suite");
        assertFalse(html.contains("class=\"warnings\""), "no warnings block without warnings");
    }

    @Test
    void warningsComeRightBelowTheSummaryAndEscaped(@TempDir Path dir) throws Exception {
        String html = html(ReportFixtures.sampledRun(), dir);

        int warnings = html.indexOf("<div class=\"warnings\"><p><strong>Warnings</strong></p>");
        assertTrue(warnings > 0, html);
        assertTrue(warnings > html.indexOf("<section id=\"summary\">") && warnings < html.indexOf("<details>")
                && warnings < html.indexOf("<section id=\"task-"), "below the answer, above everything else");
        assertTrue(html.contains("<li>idle power moved from 4.000 W before the suite to 4.800 W after it (+20.0%,"), html);
        assertTrue(html.contains("<li>the sampler could not read a meter 2 time(s); first: &lt;b&gt;fixture&lt;/b&gt;"
                + " read failed &amp; &quot;retried&quot; | &#39;twice&#39;</li>"), html);
        assertFalse(html.contains("<b>fixture</b>"), html);
    }

    @Test
    void idleBeforeAndAfterWithTheirDrift(@TempDir Path dir) throws Exception {
        String html = html(ReportFixtures.sampledRun(), dir);

        assertTrue(html.contains("<dt>Idle power before the suite</dt><dd>4.000 W over 5.0 s = 20.00 J (COUNTER)</dd>"),
                html);
        assertTrue(html.contains("<dt>Idle power after the suite</dt><dd>4.800 W over 5.0 s = 24.00 J (COUNTER)</dd>"),
                html);
        assertTrue(html.contains("<dt>Idle drift, after vs before</dt><dd>+20.0% (net figures subtract the baseline"
                + " measured before the suite)</dd>"), html);
        assertTrue(html.contains("After the suite it was measured again for 5.0 s: 4.800 W (COUNTER), a drift of"
                + " +20.0%."), "and in the methods");
    }

    @Test
    void attributedFiguresAreLabelledAndExplained(@TempDir Path dir) throws Exception {
        String html = html(ReportFixtures.sampledRun(), dir);

        assertEquals(2, count(html, "<details><summary class=\"h3\">Attributed to this process</summary>\n<p>ATTRIBUTED, not measured:"),
                "a sub-table per task");
        assertTrue(html.contains("<th class=\"num\">CPU-time share, %</th><th class=\"num\">Attributed net J/query"
                + " (ATTRIBUTED: CPU-time share × COUNTER)</th>"), html);
        assertTrue(html.contains("<tr><td>fixture-small</td><td>onnx</td><td class=\"num\">37.50</td>"
                + "<td class=\"num\">0.1875</td>"), "share 37.5% of net 6 J over 12 queries: " + html);
        assertTrue(html.contains("<td class=\"num\">not computed</td><td class=\"num\">n/a</td>"),
                "no share, no figure: " + html);
        int methods = html.indexOf("<h2>How these figures were obtained</h2>");
        assertTrue(html.indexOf("<h3>Attributed to this process</h3>\n<p>Figures labelled ATTRIBUTED are not"
                + " measurements.", methods) > methods, html);
        assertTrue(html.contains("<dt>Share basis</dt><dd>fixture: process CPU time / busy CPU time of the whole"
                + " machine</dd>"), html);
    }

    @Test
    void noAttributionNoAttributedTable(@TempDir Path dir) throws Exception {
        String html = html(ReportFixtures.run(), dir);

        assertFalse(html.contains("ATTRIBUTED"), html);
        assertFalse(html.contains("†"), "every query in its own window: " + html);
        assertFalse(html.contains("<h3>Energy windows</h3>"), html);
    }

    @Test
    void apportionedWindowsAreMarkedAndExplained(@TempDir Path dir) throws Exception {
        String html = html(ReportFixtures.sampledRun(), dir);

        assertTrue(html.contains("<td class=\"num\">0.5000 †<span class=\"ci\">[0.4500, 0.5600]</span></td>"), "J/query marked: " + html);
        assertTrue(html.contains("<td>pass, apportioned to queries by time †</td>"), html);
        assertTrue(html.contains("<td>query, some apportioned from their pass †</td>"), html);
        assertTrue(html.contains("<td>query</td>"), "plain windows unmarked");
        assertTrue(html.contains("<p class=\"note\"><strong>Note:</strong> † Energy window other than one per query:"
                + " fixture-small (onnx): pass, apportioned to queries by time."), html);
        assertTrue(html.contains("a single query&#39;s energy (the rows of queries.csv with energy = apportioned) is a"
                + " time share of its pass window, not a measurement of that query."), html);
        assertTrue(html.contains("<h3>Energy windows</h3>"), html);
    }

    @Test
    void theGenerationTableHasItsColumnsAndRandomWeightsReadNotApplicable(@TempDir Path dir) throws Exception {
        String html = html(ReportFixtures.generationRun(), dir);

        assertTrue(html.contains("<h3>Generation</h3>"), html);
        assertTrue(html.contains("<thead><tr><th>Model</th><th>Engine</th><th class=\"num\">Params</th>"
                + "<th class=\"num\">next-word exact match</th>"
                + "<th class=\"num\">J/generated token net (ESTIMATE ±50%)</th>"
                + "<th class=\"num\">J/prompt token net (ESTIMATE ±50%)</th>"
                + "<th class=\"num\">J/response net (ESTIMATE ±50%)</th><th class=\"num\">Decode tokens/s</th>"
                + "<th class=\"num\">TTFT p50 / p95, ms</th><th class=\"num\">TPOT p50, ms</th>"
                + "<th class=\"num\">Output tokens min / p50 / max</th></tr></thead>"), html);
        assertTrue(html.contains("<tr><td>fixture-synthetic-random</td><td>java</td><td class=\"num\">15.0M</td>"
                + "<td class=\"num\">n/a (random weights)</td><td class=\"num\">0.006100<span class=\"ci\">[0.005800, 0.006500]</span></td>"), html);
        assertTrue(html.contains("<td class=\"num\">9.000 / 14.00</td><td class=\"num\">n/a</td>"
                + "<td class=\"num\">1 / 32 / 32</td></tr>"), "no TPOT: " + html);
        assertEquals(1, count(html, "<h3>Generation</h3>"), "the bits/char task generated nothing");
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void theSameInEveryLocale(@TempDir Path dir) throws Exception {
        for (RunResult run : List.of(ReportFixtures.run(), ReportFixtures.sampledRun(), ReportFixtures.generationRun())) {
            String root = Locales.with("und", () -> html(run, dir));
            for (String tag : List.of("de-DE", "fr-FR", "ar-EG")) {
                assertEquals(root, Locales.with(tag, () -> html(run, dir)), tag);
            }
        }
    }
}
