package org.joulebench.reports.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.joulebench.harness.RunResult;
import org.joulebench.reports.ReportFixtures;
import org.joulebench.reports.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lays the reports out in headless Chromium where it is installed ({@code apt-get install chromium}); skipped with
 * the reason where it is not (CI does not install it). The page is loaded in a frame of the width under test, and a
 * script added to this copy only (the report itself has none) writes what it measured into the page.
 */
class ReportLayoutInChromiumTest {

    private static final Pattern MEASURED = Pattern.compile("<pre id=\"measure\">(.*?)</pre>", Pattern.DOTALL);

    private static final String SCRIPT = "<script>window.addEventListener('load', function () {"
            + " var e = document.documentElement, out = ['page ' + e.scrollWidth + ' ' + e.clientWidth];"
            + " document.querySelectorAll('div.table').forEach(function (d, i) {"
            + "   out.push('table ' + i + ' ' + d.scrollWidth + ' ' + d.clientWidth); });"
            + " var pre = parent.document.createElement('pre'); pre.id = 'measure'; pre.textContent = out.join(';');"
            + " parent.document.body.appendChild(pre); });</script>";

    private static Optional<String> chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    /** The tables wider than their container, and the page's scroll and client width, at {@code width} px. */
    private static List<int[]> measure(String browser, Path report, int width, Path work) throws Exception {
        String page = Files.readString(report).replace("</body>", SCRIPT + "</body>");
        String frame = "<!DOCTYPE html><html><body style=\"margin:0\"><iframe style=\"border:0;width:" + width
                + "px;height:900px\" srcdoc=\"" + Html.escape(page) + "\"></iframe></body></html>";
        Path outer = work.resolve("at-" + width + ".html");
        Files.writeString(outer, frame, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--window-size=" + (width + 200) + ",1000", "--virtual-time-budget=5000", "--dump-dom",
                outer.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] dom = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 120 s");
        Matcher m = MEASURED.matcher(new String(dom, StandardCharsets.UTF_8));
        assertTrue(m.find(), "chromium wrote no measurement (exit " + p.exitValue() + ")");
        List<int[]> rows = new ArrayList<>();
        for (String line : m.group(1).split(";")) {
            String[] f = line.trim().split(" ");
            rows.add(f[0].equals("page") ? new int[] {-1, Integer.parseInt(f[1]), Integer.parseInt(f[2])}
                    : new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])});
        }
        return rows;
    }

    private static void check(String browser, RunResult run, Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("report"));
        Reports.writeAll(run, out);
        List<int[]> wide = measure(browser, out.resolve("report.html"), 1400, dir);
        assertTrue(wide.size() > 3, "the report has tables");
        for (int[] row : wide) {
            assertTrue(row[1] <= row[2], (row[0] < 0 ? "the page" : "table " + row[0]) + " needs " + row[1]
                    + " px but has " + row[2] + " px at 1400 px");
        }
        List<int[]> phone = measure(browser, out.resolve("report.html"), 390, dir);
        int[] page = phone.stream().filter(r -> r[0] < 0).findFirst().orElseThrow();
        assertEquals(page[2], page[1], "at 390 px the page scrolls sideways: " + page[1] + " px for " + page[2]);
        assertFalse(phone.stream().filter(r -> r[0] >= 0).allMatch(r -> r[1] <= r[2]),
                "at 390 px some table scrolls inside its container (else the check measured nothing)");
    }

    @Test
    void noTableScrollsAt1400PxAndThePageFitsAPhone(@TempDir Path dir) throws Exception {
        Optional<String> browser = chromium();
        assumeTrue(browser.isPresent(), "Chromium is not installed (apt-get install chromium): layout not checked");
        check(browser.get(), ReportFixtures.run(), Files.createDirectories(dir.resolve("embedding")));
        check(browser.get(), ReportFixtures.generationRun(), Files.createDirectories(dir.resolve("generation")));
    }
}
