package org.joulebench.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.ReportFixtures;
import org.junit.jupiter.api.Test;

/** What the generation charts and the direction-aware accuracy charts plot, read from their datasets. */
class GenerationChartsTest {

    private static List<TaskModelResult> task(String task) {
        return ReportFixtures.generationRun().results().stream().filter(r -> r.task().equals(task)).toList();
    }

    private static List<double[]> points(XYDataset data) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < data.getItemCount(0); i++) {
            points.add(new double[] {data.getXValue(0, i), data.getYValue(0, i)});
        }
        return points;
    }

    private static void assertPoints(List<double[]> expected, List<double[]> actual) {
        assertEquals(expected.size(), actual.size(), "points");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i)[0], actual.get(i)[0], 1e-12, "x of point " + i);
            assertEquals(expected.get(i)[1], actual.get(i)[1], 1e-12, "y of point " + i);
        }
    }

    private static String subtitles(JFreeChart chart) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof TextTitle t) {
                s.append(t.getText()).append('\n');
            }
        }
        return s.toString();
    }

    @Test
    void bitsPerCharIsLowerIsBetterOnItsAxisAndItsFrontier() {
        JFreeChart chart = AccuracyEnergyChart.perToken(ReportFixtures.BITS_PER_CHAR, task(ReportFixtures.BITS_PER_CHAR));
        XYPlot plot = chart.getXYPlot();

        assertEquals("bits/char (lower is better)", plot.getRangeAxis().getLabel());
        assertTrue(plot.getDomainAxis().getLabel().startsWith("J/token (net, ESTIMATE ±50%)"),
                "scored by log-likelihood, nothing generated: " + plot.getDomainAxis().getLabel());
        // Lowest energy for a bits/char at least that low: small (llamacpp), small (java), large (llamacpp).
        assertPoints(List.of(new double[] {0.008, 2.43}, new double[] {0.02, 2.41}, new double[] {0.1, 1.62}),
                points(plot.getDataset(1)));
        assertTrue(subtitles(chart).contains("Pareto frontier (lowest energy for a bits/char at least that low)"),
                subtitles(chart));
    }

    @Test
    void theAccuracyVsJoulesPerQueryChartRespectsTheDirectionToo() {
        XYPlot plot = AccuracyEnergyChart.create(ReportFixtures.BITS_PER_CHAR, task(ReportFixtures.BITS_PER_CHAR))
                .getXYPlot();

        assertEquals("bits/char (lower is better)", plot.getRangeAxis().getLabel());
        assertPoints(List.of(new double[] {0.36, 2.43}, new double[] {0.9, 2.41}, new double[] {4.5, 1.62}),
                points(plot.getDataset(1)));
    }

    @Test
    void aHigherIsBetterMetricAgainstJoulesPerGeneratedToken() {
        JFreeChart chart = AccuracyEnergyChart.perToken(ReportFixtures.COMPLETION, task(ReportFixtures.COMPLETION));
        XYPlot plot = chart.getXYPlot();

        assertEquals("Accuracy (next-word exact match)", plot.getRangeAxis().getLabel());
        assertTrue(plot.getDomainAxis().getLabel().startsWith("J/generated token (net, ESTIMATE ±50%)"),
                plot.getDomainAxis().getLabel());
        assertPoints(List.of(new double[] {0.012, 0.25}, new double[] {0.15, 0.5}), points(plot.getDataset(1)));
        assertTrue(subtitles(chart).contains("Pareto frontier (lowest energy for at least that accuracy)"),
                subtitles(chart));
    }

    @Test
    void randomWeightsAreLeftOutOfEveryAccuracyChartAndNamed() {
        for (String t : List.of(ReportFixtures.COMPLETION, ReportFixtures.BITS_PER_CHAR)) {
            for (JFreeChart chart : List.of(AccuracyEnergyChart.create(t, task(t)), AccuracyEnergyChart.perToken(t, task(t)))) {
                XYDataset models = chart.getXYPlot().getDataset(0);
                assertEquals(4, models.getItemCount(0), t + ": the four models with weights");
                assertTrue(subtitles(chart).contains("Not plotted (accuracy not applicable, random weights):"
                        + " fixture-synthetic-random"), subtitles(chart));
            }
        }
        JFreeChart perKj = AccuracyPerJouleChart.create(ReportFixtures.COMPLETION, task(ReportFixtures.COMPLETION));
        CategoryDataset bars = perKj.getCategoryPlot().getDataset();
        assertEquals(4, bars.getColumnCount());
        assertEquals(-1, bars.getColumnIndex(ReportFixtures.SYNTHETIC));
        assertTrue(subtitles(perKj).contains("Not shown (accuracy not applicable, random weights):"
                + " fixture-synthetic-random"), subtitles(perKj));
    }

    @Test
    void accuracyPerKilojouleIsNoChartForBitsPerChar() {
        assertTrue(AccuracyPerJouleChart.applies(task(ReportFixtures.COMPLETION)));
        assertEquals(false, AccuracyPerJouleChart.applies(task(ReportFixtures.BITS_PER_CHAR)));
    }

    @Test
    void joulesPerGeneratedTokenAreGroupedByModelWithABarPerEngine() {
        CategoryPlot plot = GenerationEnergyChart.create(ReportFixtures.generationRun().results()).getCategoryPlot();
        CategoryDataset data = plot.getDataset();

        assertEquals(List.of("java", "llamacpp"), data.getRowKeys());
        assertEquals(List.of(ReportFixtures.GEN_SMALL, ReportFixtures.GEN_LARGE, ReportFixtures.SYNTHETIC),
                data.getColumnKeys());
        assertEquals(0.045, data.getValue("java", ReportFixtures.GEN_SMALL).doubleValue(), 1e-12);
        assertEquals(0.15, data.getValue("llamacpp", ReportFixtures.GEN_LARGE).doubleValue(), 1e-12);
        assertEquals(0.0061, data.getValue("java", ReportFixtures.SYNTHETIC).doubleValue(), 1e-12,
                "random weights still have energy");
        assertNull(data.getValue("llamacpp", ReportFixtures.SYNTHETIC));
        assertEquals("J/generated token (net, ESTIMATE ±50%)", plot.getRangeAxis().getLabel());
    }

    @Test
    void theScalingChartIsLogLogWithALinePerEngineBySize() {
        List<TaskModelResult> results = ReportFixtures.generationRun().results();
        assertTrue(ScalingChart.applies(results));
        JFreeChart chart = ScalingChart.create(results);
        XYPlot plot = chart.getXYPlot();

        assertInstanceOf(LogAxis.class, plot.getDomainAxis());
        assertInstanceOf(LogAxis.class, plot.getRangeAxis());
        XYDataset data = plot.getDataset();
        assertEquals(2, data.getSeriesCount());
        assertEquals("java", data.getSeriesKey(0));
        assertEquals(3, data.getItemCount(0));
        assertEquals(List.of(15e6, 135e6, 1.7e9), List.of(data.getXValue(0, 0), data.getXValue(0, 1), data.getXValue(0, 2)));
        assertEquals("llamacpp", data.getSeriesKey(1));
        assertEquals(2, data.getItemCount(1));
        assertTrue(subtitles(chart).contains("parameters): java 0.98, llamacpp 1.00."), "a slope per engine: "
                + subtitles(chart));
    }

    @Test
    void noScalingChartWithOneSizeOnly() {
        List<TaskModelResult> small = ReportFixtures.generationRun().results().stream()
                .filter(r -> r.model().equals(ReportFixtures.GEN_SMALL)).toList();

        assertEquals(false, ScalingChart.applies(small), "one size on two engines is no scaling");
        assertEquals(false, ScalingChart.applies(ReportFixtures.run().results()), "nothing generated");
    }

    @Test
    void parameterCountsReadShortInEveryLocale() {
        ScalingChart.ParamsFormat f = new ScalingChart.ParamsFormat();

        assertEquals("1.7B", f.format(1.7e9));
        assertEquals("135M", f.format(135e6));
        assertEquals("10M", f.format(1e7));
        assertEquals("100k", f.format(1e5));
        assertEquals("500", f.format(500));
    }
}
