package org.joulebench.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.joulebench.harness.MeterInfo;
import org.joulebench.harness.PowerTrace;
import org.joulebench.harness.RunResult;
import org.joulebench.reports.ReportFixtures;
import org.junit.jupiter.api.Test;

class PowerTimelineChartTest {

    private static PowerTrace.Phase phase(String name, double start, double end) {
        return new PowerTrace.Phase(name, start, end);
    }

    @Test
    void aLinePerMeterAndDomainLabelledWithItsMethod() {
        JFreeChart chart = PowerTimelineChart.create(ReportFixtures.sampledRun());
        XYPlot plot = chart.getXYPlot();

        assertEquals(2, plot.getDataset().getSeriesCount());
        assertEquals("rapl CPU_PACKAGE (COUNTER)", plot.getDataset().getSeriesKey(0));
        assertEquals("rapl DRAM (COUNTER)", plot.getDataset().getSeriesKey(1));
        assertEquals("W (COUNTER)", plot.getRangeAxis().getLabel());
        assertEquals("Seconds since the sampler started", plot.getDomainAxis().getLabel());
        assertEquals(16 + 6, plot.getDomainMarkers(Layer.BACKGROUND).size(),
                "a band per phase, and a task label over each run of its measuring phases (2 tasks × 3 repetitions)");
    }

    @Test
    void aGapInTheSamplesBreaksTheLine() {
        XYPlot plot = PowerTimelineChart.create(ReportFixtures.sampledRun()).getXYPlot();

        long breaks = 0;
        for (int i = 0; i < plot.getDataset().getItemCount(0); i++) {
            if (plot.getDataset().getY(0, i) == null) {
                breaks++;
            }
        }
        assertEquals(1, breaks, "the three samples missed after 60 s");
    }

    @Test
    void estimatesCarryTheirUncertaintyOnTheAxis() {
        RunResult run = ReportFixtures.run();
        PowerTrace trace = new PowerTrace(0.1, List.of(new PowerTrace.Series("estimate", "CPU_PACKAGE", "ESTIMATE",
                List.of(0.1, 0.2, 0.3), List.of(3.0, 3.5, 3.25), 0)), List.of(phase("idle baseline", 0, 0.3)), 0);
        RunResult withTrace = new RunResult(run.schema(), run.run(), run.host(), run.meters(), run.idle(), null,
                run.results(), List.of(), trace, run.queries());

        JFreeChart chart = PowerTimelineChart.create(withTrace);

        assertEquals("W (ESTIMATE ±50%)", chart.getXYPlot().getRangeAxis().getLabel());
        assertEquals("estimate CPU_PACKAGE (ESTIMATE)", chart.getXYPlot().getDataset().getSeriesKey(0));
        assertTrue(subtitles(chart).contains("ESTIMATE lines are computed from a model, not measured."),
                subtitles(chart));
    }

    private static String subtitles(JFreeChart chart) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof TextTitle t) {
                text.append(t.getText()).append('\n');
            }
        }
        return text.toString();
    }

    @Test
    void theMetersOwnUncertaintyWhereNoResultStatesOne() {
        RunResult run = ReportFixtures.run();
        PowerTrace trace = new PowerTrace(0.1, List.of(new PowerTrace.Series("fixture-est", "DRAM", "ESTIMATE",
                List.of(0.1, 0.2), List.of(1.0, 1.0), 0)), List.of(), 0);
        RunResult withTrace = new RunResult(run.schema(), run.run(), run.host(),
                List.of(new MeterInfo("fixture-est", "ESTIMATE", List.of("DRAM"), "used", null, null, "fixture",
                        Map.of("relative_uncertainty", 0.25))), run.idle(), null, List.of(), List.of(), trace,
                List.of());

        assertEquals("W (ESTIMATE ±25%)", PowerTimelineChart.create(withTrace).getXYPlot().getRangeAxis().getLabel());
    }

    @Test
    void onlyBandsWideEnoughAreLabelledAndMeasuringIsGroupedByTask() {
        List<PowerTrace.Phase> phases = List.of(
                phase("idle baseline", 0, 10),
                phase("preparing tasks", 10, 10.5),
                phase("warm-up", 10.5, 14),
                phase("fixture-a · fixture-small · repetition 1", 14, 15),
                phase("fixture-a · fixture-large · repetition 1", 15, 40),
                phase("fixture-b · fixture-small · repetition 1", 40, 41),
                phase("fixture-b · fixture-large · repetition 1", 41, 90),
                phase("idle baseline (after)", 90, 100));

        List<PowerTimelineChart.Band> bands = PowerTimelineChart.bands(phases, 100);

        assertEquals(8 + 2, bands.size());
        assertEquals("idle", bands.get(0).label());
        assertNull(bands.get(1).label(), "half a second of 100 is a few pixels");
        assertEquals("warm", bands.get(2).label(), "the short name where the long one does not fit");
        assertNull(bands.get(3).label());
        assertEquals("fixture-large", bands.get(4).label());
        assertEquals("idle (after)", bands.get(7).label());
        for (int i = 0; i < 8; i++) {
            assertTrue(bands.get(i).filled());
            assertEquals(i % 2, bands.get(i).tone() % 2, "alternating tones");
        }
        PowerTimelineChart.Band a = bands.get(8);
        assertEquals(List.of(14.0, 40.0, "fixture-a"), List.of(a.start(), a.end(), a.label()));
        assertFalse(a.filled(), "a task's label lies over its phases' bands");
        PowerTimelineChart.Band b = bands.get(9);
        assertEquals(List.of(40.0, 90.0, "fixture-b"), List.of(b.start(), b.end(), b.label()));
    }

    @Test
    void manyNarrowPhasesStayUnlabelled() {
        List<PowerTrace.Phase> phases = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            phases.add(phase("fixture-task · fixture-model-" + i + " · repetition 1", i, i + 1));
        }

        List<PowerTimelineChart.Band> bands = PowerTimelineChart.bands(phases, 300);

        assertEquals(301, bands.size());
        assertTrue(bands.subList(0, 300).stream().allMatch(band -> band.label() == null));
        assertEquals("fixture-task", bands.get(300).label(), "one label for the task's whole run");
    }

    @Test
    void taskRunsTooNarrowForTheirNameGetAKeyTheSubtitleSpellsOut() {
        List<PowerTrace.Phase> phases = new ArrayList<>();
        double t = 0;
        for (int rep = 1; rep <= 10; rep++) {
            for (String task : List.of("fixture-retrieval", "fixture-classification")) {
                phases.add(phase(task + " · fixture-model · repetition " + rep, t, t + 5));
                t += 5;
            }
        }

        List<PowerTimelineChart.Band> bands = PowerTimelineChart.bands(phases, t);

        List<PowerTimelineChart.Band> groups = bands.subList(20, bands.size());
        assertEquals(20, groups.size(), "a label per task per repetition");
        assertEquals(List.of("T1", "T2", "T1"), groups.subList(0, 3).stream().map(PowerTimelineChart.Band::label).toList());
        assertEquals("T1 = fixture-retrieval, T2 = fixture-classification", PowerTimelineChart.keys(bands));
        assertEquals("", PowerTimelineChart.keys(PowerTimelineChart.bands(phases.subList(0, 1), 5)),
                "no key where the name fits");
    }
}
