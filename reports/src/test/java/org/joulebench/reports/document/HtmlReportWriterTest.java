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

        assertTrue(html.contains("<h2>How these figures were obtained</h2>"));
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

        assertTrue(html.contains("<dt>Idle power</dt><dd>3.250 W (ESTIMATE ±50%)</dd>"), html);
        assertTrue(html.contains("<dt>Energy over the window</dt><dd>16.25 J (ESTIMATE ±50%)</dd>"), html);
    }

    @Test
    void theSameInEveryLocale(@TempDir Path dir) throws Exception {
        String root = Locales.with("und", () -> html(ReportFixtures.run(), dir));
        for (String tag : List.of("de-DE", "fr-FR", "ar-EG")) {
            assertEquals(root, Locales.with(tag, () -> html(ReportFixtures.run(), dir)), tag);
        }
    }
}
