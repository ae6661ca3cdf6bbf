package org.joulebench.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.joulebench.harness.MeterInfo;
import org.joulebench.harness.PowerTrace;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.Figures;

/**
 * Power over the run: a line per meter and domain, over the run's phases drawn as alternating light
 * bands. Phases can be many (task × model × repetition), so a band is labelled only where its label
 * fits: the idle, preparing and warm-up phases by a short name, the measuring phases by model at the
 * bottom, and each run of measuring phases of one task by the task at the top.
 */
final class PowerTimelineChart {

    static final int WIDTH = 1200;
    static final int HEIGHT = 560;

    /** The harness names measuring phases {@code task · model · repetition n}. */
    static final String SEPARATOR = " · ";

    /** Roughly the width of the plot area of a {@value #WIDTH} px chart, in pixels. */
    private static final double PLOT_PX = WIDTH - 110;
    /** Roughly the width of one character of the band labels, in pixels, with some room to spare. */
    private static final double CHAR_PX = 6.2;
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final Color[] BANDS = {new Color(0xEEF2F7), new Color(0xFAF6EC)};
    private static final Color LABEL = new Color(0x505050);
    private static final Color[] LINES = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    /** A band narrower than this (pixels) takes the tone of the one before, so that tiny phases do not flicker. */
    private static final double MIN_TONE_PX = 5;
    /** A gap between points longer than this many periods breaks the line rather than bridging it. */
    private static final double GAP_PERIODS = 2.5;

    private PowerTimelineChart() {
    }

    /** Whether {@code trace} has a point to draw. */
    static boolean hasPoints(PowerTrace trace) {
        return trace != null && trace.series().stream().anyMatch(s -> !s.seconds().isEmpty());
    }

    static JFreeChart create(RunResult result) {
        PowerTrace trace = Objects.requireNonNull(result.powerTrace(), "powerTrace");
        XYSeriesCollection data = new XYSeriesCollection();
        Set<String> keys = new HashSet<>();
        Set<String> methods = new LinkedHashSet<>();
        boolean estimates = false;
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        for (PowerTrace.Series s : trace.series()) {
            if (s.seconds().isEmpty()) {
                continue;
            }
            String key = s.meter() + " " + s.domain() + " (" + s.method() + ")";
            for (int n = 2; !keys.add(key); n++) {
                key = s.meter() + " " + s.domain() + " (" + s.method() + ") #" + n;
            }
            XYSeries series = new XYSeries(key, false, true);
            double previous = Double.NaN;
            for (int i = 0; i < s.seconds().size(); i++) {
                double t = s.seconds().get(i);
                Double w = s.watts().get(i);
                if (!Double.isFinite(t)) {
                    continue;
                }
                if (trace.periodS() > 0 && t - previous > GAP_PERIODS * trace.periodS()) {
                    series.add((previous + t) / 2, null);
                }
                series.add(t, w == null || !Double.isFinite(w) ? null : w);
                previous = t;
                first = Math.min(first, t);
                last = Math.max(last, t);
            }
            data.addSeries(series);
            methods.add(Figures.methodLabel(s.method(), relativeUncertainty(result, s)));
            estimates |= "ESTIMATE".equals(s.method());
        }

        NumberAxis time = Axes.number("Seconds since the sampler started");
        time.setAutoRangeIncludesZero(false);
        time.setLowerMargin(0);
        time.setUpperMargin(0);
        NumberAxis watts = Axes.number("W (" + String.join(" / ", methods) + ")");
        watts.setAutoRangeIncludesZero(true);
        watts.setUpperMargin(0.12);

        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            lines.setSeriesPaint(i, LINES[i % LINES.length]);
            lines.setSeriesStroke(i, new BasicStroke(1.4f));
        }
        XYPlot plot = new XYPlot(data, time, watts, lines);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        double span = last > first ? last - first : 1;
        List<Band> bands = bands(trace.phases(), span);
        bands.forEach(b -> plot.addDomainMarker(b.marker(), Layer.BACKGROUND));

        JFreeChart chart = new JFreeChart("Power over the run", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle(subtitle(trace, estimates, keys(bands))));
        return chart;
    }

    private static String subtitle(PowerTrace trace, boolean estimates, String keys) {
        long dropped = trace.series().stream().mapToLong(PowerTrace.Series::droppedPoints).sum();
        StringBuilder s = new StringBuilder("Sampled every ").append(plain(trace.periodS()))
                .append(" s. Bands: run phases (measuring: task at the top, model at the bottom where they fit).");
        if (!keys.isEmpty()) {
            s.append(" Tasks: ").append(keys).append('.');
        }
        if (trace.missedDeadlines() > 0) {
            s.append(" Gaps: ").append(trace.missedDeadlines()).append(" sample(s) skipped.");
        }
        if (dropped > 0) {
            s.append(" ").append(dropped).append(" oldest point(s) dropped.");
        }
        if (estimates) {
            s.append(" ESTIMATE lines are computed from a model, not measured.");
        }
        return s.toString();
    }

    /**
     * A series' stated uncertainty: that of the results' energy from the same meter and method, or
     * the meter's own {@code relative_uncertainty}; null where neither states one.
     */
    private static Double relativeUncertainty(RunResult result, PowerTrace.Series s) {
        for (TaskModelResult r : result.results()) {
            if (r.energy() != null && Objects.equals(r.energy().meter(), s.meter())
                    && Objects.equals(r.energy().method(), s.method()) && r.energy().relativeUncertainty() != null) {
                return r.energy().relativeUncertainty();
            }
        }
        for (MeterInfo m : result.meters()) {
            if (Objects.equals(m.id(), s.meter()) && m.details().get("relative_uncertainty") instanceof Number n) {
                return n.doubleValue();
            }
        }
        return null;
    }

    /**
     * A band or a label over the phases; {@code label} is null where none fits, and {@code standsFor} is
     * the task a short key such as {@code T1} stands for where the task's name did not fit (else null).
     */
    record Band(double start, double end, String label, boolean top, boolean filled, int tone, String standsFor) {

        Band(double start, double end, String label, boolean top, boolean filled, int tone) {
            this(start, end, label, top, filled, tone, null);
        }

        IntervalMarker marker() {
            IntervalMarker m = new IntervalMarker(start, end);
            m.setPaint(filled ? BANDS[tone % BANDS.length] : new Color(0, 0, 0, 0));
            m.setAlpha(1f);
            m.setOutlinePaint(null);
            if (label != null) {
                m.setLabel(label);
                m.setLabelFont(LABEL_FONT);
                m.setLabelPaint(LABEL);
                m.setLabelBackgroundColor(new Color(0, 0, 0, 0));
                m.setLabelOffset(new RectangleInsets(3, 2, 3, 2));
                m.setLabelAnchor(top ? RectangleAnchor.TOP : RectangleAnchor.BOTTOM);
                m.setLabelTextAnchor(top ? TextAnchor.TOP_CENTER : TextAnchor.BOTTOM_CENTER);
            }
            return m;
        }
    }

    /**
     * The bands for {@code phases} on an axis {@code span} seconds wide: one filled band per phase, in
     * alternating tones (a band too narrow to see keeps the tone before it), and over each run of
     * consecutive measuring phases of one task an unfilled band carrying the task's name, or its key
     * ({@code T1}, {@code T2}, … in order of first appearance) where the name does not fit. Labels that
     * would not fit their band are left off.
     */
    static List<Band> bands(List<PowerTrace.Phase> phases, double span) {
        List<Band> bands = new ArrayList<>();
        List<Band> groups = new ArrayList<>();
        Map<String, String> keys = new LinkedHashMap<>();
        String task = null;
        double groupStart = 0;
        double groupEnd = 0;
        int tone = -1;
        for (PowerTrace.Phase p : phases) {
            if (!(p.endS() > p.startS())) {
                continue;
            }
            if (tone < 0 || px(span, p.startS(), p.endS()) >= MIN_TONE_PX) {
                tone++;
            }
            String[] parts = p.name() == null ? new String[] {""} : p.name().split(SEPARATOR, -1);
            boolean measuring = parts.length >= 2;
            if (measuring) {
                bands.add(new Band(p.startS(), p.endS(), fit(span, p.startS(), p.endS(), parts[1]), false, true, tone));
            } else {
                String[] names = shortNames(p.name());
                bands.add(new Band(p.startS(), p.endS(), fit(span, p.startS(), p.endS(), names), true, true, tone));
            }
            String phaseTask = measuring ? parts[0] : null;
            if (!Objects.equals(phaseTask, task)) {
                if (task != null) {
                    groups.add(group(task, keys, groupStart, groupEnd, span));
                }
                task = phaseTask;
                groupStart = p.startS();
            }
            groupEnd = p.endS();
        }
        if (task != null) {
            groups.add(group(task, keys, groupStart, groupEnd, span));
        }
        bands.addAll(groups);
        return List.copyOf(bands);
    }

    private static Band group(String task, Map<String, String> keys, double start, double end, double span) {
        String key = keys.computeIfAbsent(task, t -> "T" + (keys.size() + 1));
        String label = fit(span, start, end, task, key);
        return new Band(start, end, label, true, false, 0, key.equals(label) ? task : null);
    }

    /** {@code T1 = retrieval, T2 = classification} for the keys that stand in for task names, or empty. */
    static String keys(List<Band> bands) {
        Map<String, String> used = new LinkedHashMap<>();
        bands.stream().filter(b -> b.standsFor() != null).forEach(b -> used.putIfAbsent(b.label(), b.standsFor()));
        return used.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Labels for a phase that is not a measuring one, longest first. */
    private static String[] shortNames(String name) {
        if (name == null) {
            return new String[0];
        }
        return switch (name) {
            case "idle baseline" -> new String[] {"idle", "idle"};
            case "idle baseline (after)" -> new String[] {"idle (after)", "idle"};
            case "preparing tasks" -> new String[] {"preparing", "prep"};
            case "warm-up" -> new String[] {"warm-up", "warm"};
            default -> new String[] {name};
        };
    }

    /** The first of {@code labels} that fits the band from {@code start} to {@code end}, or null. */
    private static String fit(double span, double start, double end, String... labels) {
        double px = px(span, start, end);
        for (String label : labels) {
            if (label != null && !label.isBlank() && label.length() * CHAR_PX + 6 <= px) {
                return label;
            }
        }
        return null;
    }

    /** About how many pixels the band from {@code start} to {@code end} takes on an axis {@code span} wide. */
    private static double px(double span, double start, double end) {
        return (end - start) / span * PLOT_PX;
    }

    /** {@code 0.1} as {@code 0.1}, the same in every locale. */
    private static String plain(double x) {
        return Double.isFinite(x) ? BigDecimal.valueOf(x).stripTrailingZeros().toPlainString() : "n/a";
    }
}
