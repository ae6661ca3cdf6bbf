package org.joulebench.reports.charts;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Plot;

/** Writes charts as PNG images of one look, {@value #WIDTH}×{@value #HEIGHT} unless a chart needs more width. */
final class Png {

    static final int WIDTH = 900;
    static final int HEIGHT = 560;

    private Png() {
    }

    /** Makes AWT work without a display; a choice the JVM was started with is kept. */
    static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static Path save(JFreeChart chart, Path file) throws IOException {
        return save(chart, file, WIDTH, HEIGHT);
    }

    static Path save(JFreeChart chart, Path file, int width, int height) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.LIGHT_GRAY);
        try (OutputStream out = Files.newOutputStream(file)) {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        }
        return file;
    }
}
