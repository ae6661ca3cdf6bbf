package org.joulebench.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;

/**
 * How energy per generated token scales with model size: a log-log scatter of net J per generated token
 * against parameter count, a line per engine (per engine and task where several tasks generated)
 * through its models by size, with each series' least-squares log-log slope in the subtitle. This is
 * the chart for synthetic models of several shapes; only drawn where models of at least two sizes ran.
 */
final class ScalingChart {

    private ScalingChart() {
    }

    /** A result that can go on the chart: generated, known size, J per generated token above zero. */
    private static boolean plottable(TaskModelResult r) {
        if (r.generation() == null || r.params() <= 0) {
            return false;
        }
        Stat j = r.generation().jPerGeneratedToken();
        return j != null && Double.isFinite(j.mean()) && j.mean() > 0;
    }

    /** Whether at least two models of different sizes generated, so that there is a scaling to show. */
    static boolean applies(List<TaskModelResult> results) {
        return results.stream().filter(ScalingChart::plottable).mapToLong(TaskModelResult::params).distinct()
                .count() >= 2;
    }

    static JFreeChart create(List<TaskModelResult> all) {
        List<TaskModelResult> results = all.stream().filter(ScalingChart::plottable)
                .sorted(Comparator.comparingLong(TaskModelResult::params)).toList();
        Set<String> tasks = new LinkedHashSet<>();
        results.forEach(r -> tasks.add(String.valueOf(r.task())));
        Map<String, List<TaskModelResult>> bySeries = new LinkedHashMap<>();
        all.stream().filter(ScalingChart::plottable).forEach(r -> bySeries.computeIfAbsent(key(r, tasks), k -> new ArrayList<>()));
        results.forEach(r -> bySeries.get(key(r, tasks)).add(r));

        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        List<List<String>> labels = new ArrayList<>();
        List<String> slopes = new ArrayList<>();
        double[] xs = new double[results.size()];
        double[] ys = new double[results.size() * 3];
        int nx = 0;
        int ny = 0;
        for (Map.Entry<String, List<TaskModelResult>> e : bySeries.entrySet()) {
            XYIntervalSeries series = new XYIntervalSeries(e.getKey(), false, true);
            List<String> names = new ArrayList<>();
            for (TaskModelResult r : e.getValue()) {
                Stat j = r.generation().jPerGeneratedToken();
                double lo = Double.isFinite(j.lo()) && j.lo() > 0 ? j.lo() : j.mean();
                double hi = Double.isFinite(j.hi()) && j.hi() > 0 ? j.hi() : j.mean();
                series.add(r.params(), r.params(), r.params(), j.mean(), lo, hi);
                names.add(String.valueOf(r.model()));
                xs[nx++] = r.params();
                ys[ny++] = j.mean();
                ys[ny++] = lo;
                ys[ny++] = hi;
            }
            data.addSeries(series);
            labels.add(names);
            slope(e.getValue()).ifPresent(s -> slopes.add(e.getKey() + " " + s));
        }

        LogAxis params = Axes.decades("Parameters, log scale", Arrays.copyOf(xs, nx), new ParamsFormat());
        LogAxis energy = Axes.decades(Axes.energyLabel("J/generated token", results) + ", log scale",
                Arrays.copyOf(ys, ny), Axes.rootFormat());

        boolean[] right = Axes.nearRightEdge(Arrays.copyOf(xs, nx), true);
        boolean[][] left = new boolean[data.getSeriesCount()][];
        for (int i = 0, k = 0; i < data.getSeriesCount(); i++) {
            left[i] = new boolean[data.getItemCount(i)];
            for (int j = 0; j < left[i].length; j++) {
                left[i][j] = right[k++];
            }
        }
        XYErrorRenderer renderer = new XYErrorRenderer() {
            @Override
            public ItemLabelPosition getPositiveItemLabelPosition(int series, int item) {
                return series < left.length && item < left[series].length && left[series][item]
                        ? AccuracyEnergyChart.LABEL_LEFT : AccuracyEnergyChart.LABEL_RIGHT;
            }
        };
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setDrawXError(false);
        renderer.setCapLength(6);
        Map<String, Color> colours = Palette.of(List.copyOf(bySeries.keySet()));
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, colours.get(String.valueOf(data.getSeriesKey(i))));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        renderer.setDefaultItemLabelGenerator(new Labels(labels));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        XYPlot plot = new XYPlot(data, params, energy, renderer);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        JFreeChart chart = new JFreeChart("Net energy per generated token vs model size", JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        chart.addSubtitle(new TextTitle("A line per engine" + (tasks.size() > 1 ? " and task" : "")
                + " through its models by size; bars: 95% confidence intervals (a bound at or below zero is not drawn)."));
        if (!slopes.isEmpty()) {
            chart.addSubtitle(new TextTitle("Log-log slope (least squares; 1 = energy per token grows as fast as"
                    + " parameters): " + String.join(", ", slopes) + "."));
        }
        return chart;
    }

    private static String key(TaskModelResult r, Set<String> tasks) {
        return tasks.size() > 1 ? r.backend() + " · " + r.task() : String.valueOf(r.backend());
    }

    /** The least-squares slope of log J against log params, two decimals, where two sizes at least differ. */
    static java.util.Optional<String> slope(List<TaskModelResult> results) {
        int n = results.size();
        if (results.stream().mapToLong(TaskModelResult::params).distinct().count() < 2) {
            return java.util.Optional.empty();
        }
        double mx = 0;
        double my = 0;
        for (TaskModelResult r : results) {
            mx += Math.log10(r.params()) / n;
            my += Math.log10(r.generation().jPerGeneratedToken().mean()) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (TaskModelResult r : results) {
            double dx = Math.log10(r.params()) - mx;
            sxy += dx * (Math.log10(r.generation().jPerGeneratedToken().mean()) - my);
            sxx += dx * dx;
        }
        double b = sxy / sxx;
        return Double.isFinite(b)
                ? java.util.Optional.of(new BigDecimal(b).setScale(2, RoundingMode.HALF_EVEN).toPlainString())
                : java.util.Optional.empty();
    }

    /** Labels each point with its model. */
    private static final class Labels implements XYItemLabelGenerator {
        private final List<List<String>> labels;

        Labels(List<List<String>> labels) {
            this.labels = List.copyOf(labels);
        }

        @Override
        public String generateLabel(XYDataset dataset, int series, int item) {
            return series < labels.size() && item < labels.get(series).size() ? labels.get(series).get(item) : null;
        }
    }

    /** Parameter counts as {@code 100k}, {@code 10M}, {@code 1.5B}: short, and the same in every locale. */
    static final class ParamsFormat extends NumberFormat {

        private static final String[] UNITS = {"", "k", "M", "B", "T"};

        @Override
        public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
            if (!Double.isFinite(number) || number <= 0) {
                return to.append(Double.isFinite(number) ? "0" : "");
            }
            double value = number;
            int unit = 0;
            while (value >= 1000 && unit < UNITS.length - 1) {
                value /= 1000;
                unit++;
            }
            BigDecimal rounded = new BigDecimal(value).round(new java.math.MathContext(3, RoundingMode.HALF_EVEN))
                    .stripTrailingZeros();
            return to.append(rounded.toPlainString()).append(UNITS[unit]);
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
            return format((double) number, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("parameter labels are for display only");
        }
    }
}
