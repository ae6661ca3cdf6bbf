package org.joulebench.reports.history;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.joulebench.harness.Metric;
import org.joulebench.reports.Trend;

/**
 * A trend as a time chart: x the run's start (UTC), y the figure with its 95% interval as a bar. One series
 * per backend and method, and per host where the trend spans several: figures of different methods or
 * machines are never joined by a line. Points without a figure are left out and counted in the subtitle.
 */
final class TrendChart {

    static final int WIDTH = 900;
    static final int HEIGHT = 560;

    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private TrendChart() {
    }

    static Path write(Trend trend, Path png) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        JFreeChart chart = chart(trend);
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(png)) {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        }
        return png;
    }

    /** The series: one per backend · method (· host), each point with its interval (the value itself where none). */
    static YIntervalSeriesCollection dataset(Trend trend) {
        boolean manyHosts = trend.points().stream().map(Trend.Point::hostFingerprint).distinct().count() > 1;
        Map<String, YIntervalSeries> series = new LinkedHashMap<>();
        for (Trend.Point p : trend.points()) {
            if (p.value() == null) {
                continue;
            }
            String key = p.backend() + (p.device() == null || p.device().isEmpty() || p.device().equals("cpu")
                    ? "" : " on " + p.device())
                    + (trend.metric() == Metric.TOKENS_PER_S || trend.metric() == Metric.ACCURACY
                    ? "" : " · " + p.method())
                    + (manyHosts ? " · " + p.host() : "");
            YIntervalSeries s = series.computeIfAbsent(key, k -> new YIntervalSeries(k, false, true));
            double lo = p.lo() == null ? p.value() : Math.min(p.lo(), p.value());
            double hi = p.hi() == null ? p.value() : Math.max(p.hi(), p.value());
            s.add(p.start().toEpochMilli(), p.value(), lo, hi);
        }
        YIntervalSeriesCollection out = new YIntervalSeriesCollection();
        series.values().forEach(out::addSeries);
        return out;
    }

    static JFreeChart chart(Trend trend) {
        YIntervalSeriesCollection data = dataset(trend);
        DateAxis x = new DateAxis("run start (UTC)");
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        x.setTimeZone(TimeZone.getTimeZone("UTC"));
        x.setDateFormatOverride(format);
        NumberAxis y = new NumberAxis(yLabel(trend));
        y.setAutoRangeIncludesZero(false);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDrawYError(true);
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setErrorStroke(new BasicStroke(1.2f));
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(trend.model() + " on " + trend.task()
                + (trend.concurrency() == null ? "" : " at concurrency " + trend.concurrency()) + ": " + trend.label()
                + " over time", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        long missing = trend.points().stream().filter(p -> p.value() == null).count();
        chart.addSubtitle(new TextTitle("bars: 95% intervals; energy net of idle; one line per backend and method"
                + (missing == 0 ? "" : "; " + missing + " run(s) without this figure left out")));
        return chart;
    }

    private static String yLabel(Trend trend) {
        Metric m = trend.metric();
        if (m == Metric.ACCURACY) {
            return trend.points().stream().map(Trend.Point::metricName).filter(n -> n != null).findFirst()
                    .orElse(m.description());
        }
        return trend.label() + " (" + trend.unit() + ")";
    }
}
