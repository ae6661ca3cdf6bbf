package org.joulebench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.joulebench.harness.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {

    /** A format that writes one small file, or fails, as told. */
    private record FakeWriter(String id, boolean fails) implements ReportWriter {
        @Override
        public List<Path> write(RunResult result, Path dir) throws IOException {
            if (fails) {
                throw new IOException("disk full (fake)");
            }
            return List.of(Files.writeString(dir.resolve(id + ".txt"), id));
        }
    }

    @Test
    void everyFormatIsFoundAndChartsComeFirst() {
        assertEquals(List.of("charts", "csv", "html", "json", "labels", "markdown"),
                Reports.writers().stream().map(ReportWriter::id).toList());
    }

    @Test
    void writeAllWritesEveryExpectedFile(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("fixture-run-0001");

        List<Path> written = Reports.writeAll(ReportFixtures.run(), dir);

        Set<String> expected = new TreeSet<>(List.of("results.json", "queries.csv", "report.md", "report.html",
                "charts/accuracy-vs-j-per-query-fixture-retrieval.png",
                "charts/accuracy-vs-j-per-query-fixture-classification.png",
                "charts/accuracy-per-joule-fixture-retrieval.png",
                "charts/accuracy-per-joule-fixture-classification.png",
                "charts/j-per-token.png"));
        // each chart also as SVG, for report.html
        new ArrayList<>(expected).stream().filter(f -> f.endsWith(".png"))
                .forEach(f -> expected.add(f.substring(0, f.length() - 4) + ".svg"));
        // an energy label per model and task
        for (String task : List.of("fixture-retrieval", "fixture-classification")) {
            for (String model : task.equals("fixture-retrieval") ? List.of("fixture-small", "fixture-large")
                    : List.of("fixture-small", "fixture-large", "fixture-tiny")) {
                expected.add("labels/" + task + "--" + model + ".svg");
                expected.add("labels/" + task + "--" + model + ".png");
            }
        }
        assertEquals(expected, written.stream().map(p -> dir.relativize(p).toString().replace('\\', '/'))
                .collect(Collectors.toCollection(TreeSet::new)));
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(expected, all.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new)), "files on disk");
        }
        for (Path p : written) {
            assertTrue(Files.size(p) > 0, p + " is empty");
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertEquals(5, html.split("src=\"data:image/svg\\+xml;base64,", -1).length - 1, "charts embedded as SVG");
        assertTrue(Files.readString(dir.resolve("report.md")).contains("](charts/j-per-token.png)"));
    }

    @Test
    void aSampledRunAddsThePowerTimelineEverywhere(@TempDir Path dir) throws IOException {
        List<Path> written = Reports.writeAll(ReportFixtures.sampledRun(), dir);

        assertTrue(written.contains(dir.resolve("charts/power-timeline.png")), written.toString());
        String html = Files.readString(dir.resolve("report.html"));
        assertEquals(6, html.split("src=\"data:image/svg\\+xml;base64,", -1).length - 1, "charts embedded as SVG");
        assertTrue(html.contains("alt=\"power-timeline.png\""), "the timeline among them");
        assertTrue(Files.readString(dir.resolve("report.md")).contains("](charts/power-timeline.png)"));
        assertTrue(Files.readString(dir.resolve("queries.csv")).contains(",COUNTER,apportioned,"));
    }

    @Test
    void aFailingFormatDoesNotStopTheOthers(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> Reports.writeAll(ReportFixtures.run(), dir,
                List.of(new FakeWriter("alpha", false), new FakeWriter("broken", true), new FakeWriter("zulu", false))));

        assertTrue(e.getMessage().contains("broken (disk full (fake))"), e.getMessage());
        assertTrue(e.getMessage().endsWith("written: alpha.txt, zulu.txt"), "names exactly what was: " + e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertTrue(Files.exists(dir.resolve("alpha.txt")));
        assertTrue(Files.exists(dir.resolve("zulu.txt")));
    }

    @Test
    void whenEveryFormatFailsTheMessageSaysNoneWasWritten(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> Reports.writeAll(ReportFixtures.run(), dir,
                List.of(new FakeWriter("broken", true), new FakeWriter("also-broken", true))));
        assertTrue(e.getMessage().endsWith("; no format was written"), e.getMessage());
    }

    @Test
    void writersWithTheSameIdAreRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Reports.ordered(List.of(new FakeWriter("csv", false), new FakeWriter("csv", false))));
        assertTrue(e.getMessage().contains("'csv'"), e.getMessage());
    }

    @Test
    void chartsRunBeforeTheFormatsThatEmbedThem() {
        assertEquals(List.of("charts", "alpha", "html"), Reports.ordered(List.of(new FakeWriter("html", false),
                new FakeWriter("charts", false), new FakeWriter("alpha", false))).stream().map(ReportWriter::id).toList());
    }
}
