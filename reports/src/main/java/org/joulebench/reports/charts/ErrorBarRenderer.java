package org.joulebench.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.HashMap;
import java.util.Map;

import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;
import org.jfree.data.category.CategoryDataset;

/**
 * Bars with an error bar from each bar's own lower to upper bound. JFreeChart's
 * {@code StatisticalBarRenderer} draws mean ± one standard deviation, which cannot show an
 * asymmetric confidence interval; this draws the interval as given.
 */
final class ErrorBarRenderer extends BarRenderer {

    private record Key(Comparable<?> row, Comparable<?> column) {
    }

    private record Interval(double lo, double hi) {
    }

    private final Map<Key, Interval> intervals = new HashMap<>();

    ErrorBarRenderer() {
        setBarPainter(new StandardBarPainter());
        setShadowVisible(false);
        setDrawBarOutline(false);
        setItemMargin(0.05);
    }

    /** Sets the interval of the bar at {@code row}, {@code column}; non-finite bounds draw nothing. */
    void setInterval(Comparable<?> row, Comparable<?> column, double lo, double hi) {
        if (Double.isFinite(lo) && Double.isFinite(hi)) {
            intervals.put(new Key(row, column), new Interval(Math.min(lo, hi), Math.max(lo, hi)));
        }
    }

    @Override
    public Range findRangeBounds(CategoryDataset dataset) {
        Range range = super.findRangeBounds(dataset);
        for (Interval i : intervals.values()) {
            range = Range.expandToInclude(Range.expandToInclude(range, i.lo()), i.hi());
        }
        return range;
    }

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
                         CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column,
                         int pass) {
        super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
        Interval interval = intervals.get(new Key(dataset.getRowKey(row), dataset.getColumnKey(column)));
        int visibleRow = state.getVisibleSeriesIndex(row);
        if (interval == null || visibleRow < 0 || dataset.getValue(row, column) == null) {
            return;
        }
        PlotOrientation orientation = plot.getOrientation();
        double w0 = calculateBarW0(plot, orientation, dataArea, domainAxis, state, visibleRow, column);
        double middle = w0 + state.getBarWidth() / 2;
        double cap = state.getBarWidth() / 4;
        RectangleEdge edge = plot.getRangeAxisEdge();
        double lo = rangeAxis.valueToJava2D(interval.lo(), dataArea, edge);
        double hi = rangeAxis.valueToJava2D(interval.hi(), dataArea, edge);
        g2.setPaint(Color.DARK_GRAY);
        g2.setStroke(new BasicStroke(1.2f));
        if (orientation == PlotOrientation.VERTICAL) {
            g2.draw(new Line2D.Double(middle, lo, middle, hi));
            g2.draw(new Line2D.Double(middle - cap, lo, middle + cap, lo));
            g2.draw(new Line2D.Double(middle - cap, hi, middle + cap, hi));
        } else {
            g2.draw(new Line2D.Double(lo, middle, hi, middle));
            g2.draw(new Line2D.Double(lo, middle - cap, lo, middle + cap));
            g2.draw(new Line2D.Double(hi, middle - cap, hi, middle + cap));
        }
    }
}
