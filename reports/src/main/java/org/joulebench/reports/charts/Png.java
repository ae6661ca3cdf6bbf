package org.joulebench.reports.charts;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Plot;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes charts as PNG images of one look, {@value #WIDTH}×{@value #HEIGHT} unless a chart needs more width, each
 * with an SVG of the same chart beside it (same name, {@code .svg}) that report.html embeds: sharp at any zoom.
 */
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
        SVGGraphics2D svg = new SVGGraphics2D(width, height);
        chart.draw(svg, new Rectangle(0, 0, width, height));
        Files.writeString(svgOf(file), svg.getSVGDocument(), StandardCharsets.UTF_8);
        return file;
    }

    /** {@code x.svg} beside {@code x.png}. */
    static Path svgOf(Path png) {
        String name = png.getFileName().toString();
        return png.resolveSibling((name.endsWith(".png") ? name.substring(0, name.length() - 4) : name) + ".svg");
    }

    /** Each PNG of {@code written} followed by its SVG, where one was written. */
    static List<Path> withSvgs(List<Path> written) {
        List<Path> all = new ArrayList<>();
        for (Path p : written) {
            all.add(p);
            if (p.getFileName().toString().endsWith(".png") && Files.isRegularFile(svgOf(p))) {
                all.add(svgOf(p));
            }
        }
        return List.copyOf(all);
    }
}
