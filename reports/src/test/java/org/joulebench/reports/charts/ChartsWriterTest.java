package org.joulebench.reports.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.joulebench.harness.RunResult;
import org.joulebench.reports.Locales;
import org.joulebench.reports.ReportFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsWriterTest {

    @Test
    void writesEveryChartAsAPngOfTheSetSize(@TempDir Path dir) throws IOException {
        List<Path> written = new ChartsWriter().write(ReportFixtures.run(), dir);

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

        for (Path png : new ChartsWriter().write(oneModel, dir)) {
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
        new ChartsWriter().write(ReportFixtures.run(), dir);
        return Files.readAllBytes(dir.resolve("charts/accuracy-per-joule-fixture-classification.png"));
    }

    @Test
    void noResultsNoCharts(@TempDir Path dir) throws IOException {
        RunResult run = ReportFixtures.run();
        RunResult empty = new RunResult(run.schema(), run.run(), run.host(), run.meters(), run.idle(), List.of(),
                List.of());

        assertEquals(List.of(), new ChartsWriter().write(empty, dir));
    }
}
