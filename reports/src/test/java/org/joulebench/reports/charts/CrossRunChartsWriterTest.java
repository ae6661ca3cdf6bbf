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
    void relabellingPutsTheRunInTheModelName() {
        CrossRun runs = CrossRunFixtures.twoHosts();
        List<TaskModelResult> rows = CrossRunChartsWriter.relabelled(runs.rows(), false);
        assertEquals(ReportFixtures.SMALL + " @ fixture-host", rows.get(0).model());
        assertEquals(ReportFixtures.SMALL + " @ fixture-host-b", rows.get(4).model());
        assertTrue(Files.notExists(Path.of("charts")), "nothing written to the working folder");
    }
}
