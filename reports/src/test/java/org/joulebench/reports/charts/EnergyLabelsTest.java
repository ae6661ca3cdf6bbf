package org.joulebench.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.joulebench.reports.CrossRun;
import org.joulebench.reports.ReportFixtures;
import org.joulebench.reports.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyLabelsTest {

    private static final String SCRIPT = "<script>alert(1)</script>";

    @Test
    void aLabelPerModelAndTaskAsSvgAndPng(@TempDir Path dir) throws Exception {
        List<Path> written = new LabelsWriter().write(ReportFixtures.run(), dir);

        // two tasks: retrieval with two models, classification with three; each label as .svg and .png
        assertEquals(10, written.size(), written.toString());
        Path svg = dir.resolve("labels/fixture-classification--fixture-small.svg");
        assertTrue(written.contains(svg), written.toString());
        String text = Files.readString(svg);
        assertTrue(text.contains("fixture-small"));
        assertTrue(text.contains("Wh per 1,000 queries"));
        assertTrue(text.contains("Method: ESTIMATE ±50%"), "the method beside the figures");
        assertTrue(text.contains("★"), "a task three models ran gets stars");
        assertTrue(text.contains("Joulebench 0.1.0-test") || text.contains("Joulebench "), "the version");
        assertTrue(ImageIO.read(dir.resolve("labels/fixture-classification--fixture-small.png").toFile()).getWidth() > 0);
        String twoModels = Files.readString(dir.resolve("labels/fixture-retrieval--fixture-small.svg"));
        assertTrue(twoModels.contains("No stars: 2 models ran this task"), "no stars below three models, with why");
    }

    @Test
    void markupFromTheDataIsDrawnAsText(@TempDir Path dir) throws Exception {
        List<Path> written = new LabelsWriter().write(ReportFixtures.run(SCRIPT), dir);

        for (Path p : written.stream().filter(p -> p.toString().endsWith(".svg")).toList()) {
            String svg = Files.readString(p);
            assertFalse(svg.toLowerCase(Locale.ROOT).contains("<script"), p + " holds a script element");
        }
        assertTrue(written.stream().filter(p -> p.toString().endsWith(".svg")).anyMatch(p -> {
            try {
                return Files.readString(p).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), "the model id appears as text");
    }

    @Test
    void crossRunLabelsNameTheRunWhereAModelRanInSeveral(@TempDir Path dir) throws Exception {
        CrossRun runs = CrossRun.of(List.of(ReportFixtures.run(), ReportFixtures.run()), List.of("a", "b"), null,
                "joulebench report a b --labels");
        List<Path> written = Reports.writeLabels(runs, dir);

        assertEquals(20, written.size(), written.toString());
        assertTrue(written.stream().map(p -> p.getFileName().toString())
                .allMatch(n -> n.matches("fixture-(retrieval|classification)--fixture-[a-z]+--[a-z0-9.-]+\\.(svg|png)")),
                written.toString());
    }
}
