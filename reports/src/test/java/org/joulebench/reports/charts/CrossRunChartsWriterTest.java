package org.joulebench.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.joulebench.harness.HostInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.CrossRun;
import org.joulebench.reports.CrossRunFixtures;
import org.joulebench.reports.ReportFixtures;
import org.joulebench.reports.ServingFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossRunChartsWriterTest {

    @Test
    void generativeModelsOfSeveralSizesOnTwoHostsGiveTheScalingChartALinePerHostAndEngine(@TempDir Path dir)
            throws Exception {
        RunResult a = ReportFixtures.generationRun();
        HostInfo fabricated = new HostInfo("fixture-host-b", "FixtureVendorB", "Fixture CPU B", "fixture-arch-b", 8, 16,
                32L << 30, "Fixture Linux", "6.6.0-fixture", "OpenJDK 21 (fixture)", List.of(), null);
        RunResult b = new RunResult(a.schema(), a.run(), fabricated, a.meters(), a.idle(), a.idleAfter(), a.results(),
                a.warnings(), a.powerTrace(), a.models(), a.queries());
        CrossRun runs = CrossRun.of(List.of(a, b), null, null, null);

        List<Path> written = new CrossRunChartsWriter().write(runs, dir);

        assertTrue(written.contains(dir.resolve("charts").resolve(ChartNames.SCALING)), written.toString());
        JFreeChart chart = ScalingChart.create(CrossRunChartsWriter.relabelled(runs.rows(), true));
        XYPlot plot = chart.getXYPlot();
        List<String> series = new java.util.ArrayList<>();
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
            series.add(String.valueOf(plot.getDataset().getSeriesKey(i)));
        }
        assertTrue(series.contains("fixture-host · java · " + ReportFixtures.COMPLETION)
                || series.contains("fixture-host · java"), series.toString());
        assertTrue(series.stream().anyMatch(s -> s.startsWith("fixture-host-b · llamacpp")), series.toString());
    }

    @Test
    void servingLevelsAreBarsOfTheirOwnAndStayOutOfTheAccuracyChart(@TempDir Path dir) throws Exception {
        java.time.Instant t0 = java.time.Instant.parse("2026-01-02T03:04:05Z");
        CrossRun runs = CrossRun.of(List.of(ServingFixtures.run("fixture-serving-a", t0, 0.002, 1, 2),
                ServingFixtures.run("fixture-serving-b", t0.plusSeconds(60), 0.003, 1, 2)), null, null, null);

        JFreeChart chart = HostEnergyChart.create(runs.rows(ReportFixtures.COMPLETION), "t", "mJ/token", 1000,
                r -> r.energy().jPerToken());
        var data = chart.getCategoryPlot().getDataset();
        assertEquals(List.of(ReportFixtures.GEN_SMALL + " (c=1)", ReportFixtures.GEN_SMALL + " (c=2)"),
                data.getColumnKeys().stream().map(String::valueOf).toList());
        assertEquals(2, data.getRowCount(), "a series per run");
        assertEquals(1000 * ServingFixtures.jPerOutputToken(0.003, 2),
                data.getValue(1, 1).doubleValue(), 1e-9, "run b's level 2 in its own bar");

        List<Path> written = new CrossRunChartsWriter().write(runs, dir);
        assertTrue(written.stream().noneMatch(p -> p.getFileName().toString().startsWith("accuracy-vs-")),
                written.toString());
    }

    @Test
    void relabellingPutsTheRunInTheModelName() {
        CrossRun runs = CrossRunFixtures.twoHosts();
        List<TaskModelResult> rows = CrossRunChartsWriter.relabelled(runs.rows(), false);
        assertEquals(ReportFixtures.SMALL + " @ fixture-host", rows.get(0).model());
        assertEquals(ReportFixtures.SMALL + " @ fixture-host-b", rows.get(4).model());
        assertTrue(Files.notExists(Path.of("charts")), "nothing written to the working folder");
    }
}
