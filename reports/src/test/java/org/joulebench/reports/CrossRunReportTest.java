package org.joulebench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole cross-run report of two hosts, one of them fabricated (see {@link CrossRunFixtures}). */
class CrossRunReportTest {

    @Test
    void twoHostsGiveEveryFileAndChart(@TempDir Path dir) throws Exception {
        List<Path> written = Reports.writeCrossRun(CrossRunFixtures.twoHosts(), dir);

        List<String> names = written.stream().map(p -> dir.relativize(p).toString().replace('\\', '/'))
                .filter(n -> !n.endsWith(".svg")).sorted().toList();
        assertEquals(names.stream().filter(n -> n.endsWith(".png")).map(n -> n.replace(".png", ".svg")).toList(),
                written.stream().map(p -> dir.relativize(p).toString().replace('\\', '/')).filter(n -> n.endsWith(".svg"))
                        .sorted().toList(), "each chart also as SVG");
        assertEquals(List.of("charts/accuracy-vs-j-per-query-fixture-classification.png",
                "charts/accuracy-vs-j-per-query-fixture-retrieval.png", "charts/energy-by-domain.png",
                "charts/j-per-query-by-host-fixture-classification.png", "charts/j-per-query-by-host-fixture-retrieval.png",
                "charts/j-per-token-by-host-fixture-classification.png", "charts/j-per-token-by-host-fixture-retrieval.png",
                "report.csv", "report.html", "report.md"), names);
        for (Path p : written) {
            assertTrue(Files.size(p) > 500, p + " has content");
            if (p.toString().endsWith(".png")) {
                byte[] head = Files.readAllBytes(p);
                assertEquals((byte) 0x89, head[0], p + " is a PNG");
                assertEquals('P', head[1], p + " is a PNG");
            }
        }
        String html = Files.readString(dir.resolve("report.html"));
        Matcher images = Pattern.compile("<img src=\"data:image/svg\\+xml;base64,").matcher(html);
        int count = 0;
        while (images.find()) {
            count++;
        }
        assertEquals(7, count, "every chart embedded, as SVG");
        int summary = html.indexOf("<section id=\"summary\">");
        assertTrue(summary > 0 && summary < html.indexOf("<section id=\"task-"), "the summary before the first task");
        assertEquals(html.split("<table>", -1).length, html.split("<div class=\"table\"><table>", -1).length,
                "every table in a scrolling container");
        assertFalse(html.contains("src=\"charts/"), "self-contained: no file links");
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("![energy-by-domain.png](charts/energy-by-domain.png)"), md);
        assertTrue(md.contains("No J/token against parameter count chart"), "says why the scaling chart is missing");
    }
}
