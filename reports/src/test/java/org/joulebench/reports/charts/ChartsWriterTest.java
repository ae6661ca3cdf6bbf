package org.joulebench.reports.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.joulebench.harness.PowerTrace;
import org.joulebench.harness.RunResult;
import org.joulebench.reports.Locales;
import org.joulebench.reports.ReportFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsWriterTest {

    @Test
    void writesEveryChartAsAPngOfTheSetSize(@TempDir Path dir) throws IOException {
        List<Path> written = pngs(new ChartsWriter().write(ReportFixtures.run(), dir));

        Path charts = dir.resolve("charts");
        assertEquals(List.of(
                charts.resolve("accuracy-vs-j-per-query-fixture-retrieval.png"),
                charts.resolve("accuracy-per-joule-fixture-retrieval.png"),
                charts.resolve("accuracy-vs-j-per-query-fixture-classification.png"),
                charts.resolve("accuracy-per-joule-fixture-classification.png"),
                charts.resolve("j-per-token.png")), written);
        for (Path png : written) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, png + " is not a readable PNG");
            assertEquals(900, image.getWidth(), png.toString());
            assertEquals(560, image.getHeight(), png.toString());
        }
    }

    @Test
    void hostileModelIdsAndSingleModelTasksStillChart(@TempDir Path dir) throws IOException {
        RunResult run = ReportFixtures.run("<script>alert(1)</script>");
        RunResult oneModel = new RunResult(run.schema(), run.run(), run.host(), run.meters(), run.idle(),
                run.results().subList(0, 1), run.queries());

        for (Path png : pngs(new ChartsWriter().write(oneModel, dir))) {
            assertNotNull(ImageIO.read(png.toFile()), png.toString());
        }
    }

    @Test
    void tickLabelsAreTheSameInEveryLocale(@TempDir Path dir) throws Exception {
        byte[] root = Locales.with("und", () -> chart(dir.resolve("root")));
        for (String tag : List.of("de-DE", "fr-FR", "ar-EG")) {
            assertArrayEquals(root, Locales.with(tag, () -> chart(dir.resolve(tag))), tag);
        }
    }

    private static byte[] chart(Path dir) throws IOException {
        pngs(new ChartsWriter().write(ReportFixtures.run(), dir));
        return Files.readAllBytes(dir.resolve("charts/accuracy-per-joule-fixture-classification.png"));
    }

    @Test
    void aGenerationRunAddsItsChartsAllValidPngs(@TempDir Path dir) throws IOException {
        List<Path> written = pngs(new ChartsWriter().write(ReportFixtures.generationRun(), dir));

        Path charts = dir.resolve("charts");
        assertEquals(List.of(
                charts.resolve("accuracy-vs-j-per-query-fixture-completion.png"),
                charts.resolve("accuracy-per-joule-fixture-completion.png"),
                charts.resolve("accuracy-vs-j-per-token-fixture-completion.png"),
                charts.resolve("accuracy-vs-j-per-query-fixture-bits-per-char.png"),
                charts.resolve("accuracy-vs-j-per-token-fixture-bits-per-char.png"),
                charts.resolve("j-per-token.png"),
                charts.resolve("j-per-generated-token.png"),
                charts.resolve("j-per-token-vs-params.png")), written,
                "no accuracy per kJ for bits/char");
        for (Path png : written) {
            byte[] bytes = Files.readAllBytes(png);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                    java.util.Arrays.copyOf(bytes, 8), png + ": PNG signature");
            BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, png + " is not a readable PNG");
            assertEquals(900, image.getWidth(), png.toString());
            assertEquals(560, image.getHeight(), png.toString());
        }
    }

    @Test
    void aTaskOfRandomWeightsOnlyHasNoAccuracyChart(@TempDir Path dir) throws IOException {
        RunResult run = ReportFixtures.generationRun();
        RunResult synthetic = new RunResult(run.schema(), run.run(), run.host(), run.meters(), run.idle(),
                run.results().stream().filter(r -> r.model().equals(ReportFixtures.SYNTHETIC)).toList(), List.of());

        assertEquals(List.of(dir.resolve("charts/j-per-token.png")), pngs(new ChartsWriter().write(synthetic, dir)),
                "energy charts only; one size is no scaling, and one generating result is no J/generated token chart");
    }

    @Test
    void theGenerationChartsAreTheSameInEveryLocale(@TempDir Path dir) throws Exception {
        List<String> names = List.of("j-per-generated-token.png", "j-per-token-vs-params.png",
                "accuracy-vs-j-per-token-fixture-completion.png", "accuracy-vs-j-per-token-fixture-bits-per-char.png",
                "accuracy-vs-j-per-query-fixture-bits-per-char.png");
        List<byte[]> root = Locales.with("und", () -> generationCharts(dir.resolve("root"), names));
        for (String tag : List.of("de-DE", "fr-FR", "ar-EG")) {
            List<byte[]> other = Locales.with(tag, () -> generationCharts(dir.resolve(tag), names));
            for (int i = 0; i < names.size(); i++) {
                assertArrayEquals(root.get(i), other.get(i), tag + ": " + names.get(i));
            }
        }
    }

    private static List<byte[]> generationCharts(Path dir, List<String> names) throws IOException {
        pngs(new ChartsWriter().write(ReportFixtures.generationRun(), dir));
        List<byte[]> bytes = new java.util.ArrayList<>();
        for (String name : names) {
            bytes.add(Files.readAllBytes(dir.resolve("charts").resolve(name)));
        }
        return bytes;
    }

    @Test
    void aPowerTraceGivesAWiderTimelineAfterTheOtherCharts(@TempDir Path dir) throws IOException {
        List<Path> written = pngs(new ChartsWriter().write(ReportFixtures.sampledRun(), dir));

        Path timeline = dir.resolve("charts/power-timeline.png");
        assertEquals(6, written.size());
        assertEquals(timeline, written.get(5));
        byte[] bytes = Files.readAllBytes(timeline);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                java.util.Arrays.copyOf(bytes, 8), "PNG signature");
        BufferedImage image = ImageIO.read(timeline.toFile());
        assertNotNull(image, "a readable PNG");
        assertEquals(1200, image.getWidth());
        assertEquals(560, image.getHeight());
    }

    @Test
    void noPowerTraceNoTimeline(@TempDir Path dir) throws IOException {
        List<Path> written = pngs(new ChartsWriter().write(ReportFixtures.run(), dir));

        assertFalse(Files.exists(dir.resolve("charts/power-timeline.png")));
        assertEquals(5, written.size());
    }

    @Test
    void theTimelineIsTheSameInEveryLocale(@TempDir Path dir) throws Exception {
        byte[] root = Locales.with("und", () -> timeline(dir.resolve("root")));
        for (String tag : List.of("de-DE", "fr-FR", "ar-EG")) {
            assertArrayEquals(root, Locales.with(tag, () -> timeline(dir.resolve(tag))), tag);
        }
    }

    private static byte[] timeline(Path dir) throws IOException {
        pngs(new ChartsWriter().write(ReportFixtures.sampledRun(), dir));
        return Files.readAllBytes(dir.resolve("charts/power-timeline.png"));
    }

    @Test
    void aTraceWithoutResultsStillCharts(@TempDir Path dir) throws IOException {
        RunResult run = ReportFixtures.sampledRun();
        RunResult traceOnly = new RunResult(run.schema(), run.run(), run.host(), run.meters(), run.idle(),
                run.idleAfter(), List.of(), run.warnings(), run.powerTrace(), List.of());

        assertEquals(List.of(dir.resolve("charts/power-timeline.png")), pngs(new ChartsWriter().write(traceOnly, dir)));
    }

    @Test
    void aTraceWithoutPointsIsNotCharted(@TempDir Path dir) throws IOException {
        RunResult run = ReportFixtures.sampledRun();
        PowerTrace empty = new PowerTrace(0.1, List.of(new PowerTrace.Series("rapl", "CPU_PACKAGE", "COUNTER",
                List.of(), List.of(), 0)), run.powerTrace().phases(), 0);
        RunResult noPoints = new RunResult(run.schema(), run.run(), run.host(), run.meters(), run.idle(),
                run.idleAfter(), List.of(), run.warnings(), empty, List.of());

        assertEquals(List.of(), pngs(new ChartsWriter().write(noPoints, dir)));
    }

    @Test
    void noResultsNoCharts(@TempDir Path dir) throws IOException {
        RunResult run = ReportFixtures.run();
        RunResult empty = new RunResult(run.schema(), run.run(), run.host(), run.meters(), run.idle(), List.of(),
                List.of());

        assertEquals(List.of(), pngs(new ChartsWriter().write(empty, dir)));
    }

    /** The PNGs among the files written; each has its SVG beside it, which report.html embeds. */
    private static List<Path> pngs(List<Path> written) throws IOException {
        List<Path> pngs = written.stream().filter(p -> p.toString().endsWith(".png")).toList();
        for (Path png : pngs) {
            Path svg = Png.svgOf(png);
            assertTrue(written.contains(svg), "no SVG beside " + png);
            assertTrue(Files.readString(svg).startsWith("<?xml") || Files.readString(svg).contains("<svg"), svg.toString());
        }
        assertEquals(2 * pngs.size(), written.size(), "a PNG and an SVG of each chart, nothing else: " + written);
        return pngs;
    }
}
