package org.joulebench.reports.charts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The energy–metric Pareto frontier: the points no other point dominates, where a point dominates
 * another if it needs no more energy, has a metric value no worse, and is strictly better in one of
 * the two. "Better" follows the metric's direction: higher for accuracy, lower for bits/char. Read
 * along rising energy, the frontier gives the lowest energy that buys at least each accuracy (or a
 * value at least that low, for a lower-is-better metric).
 */
public final class ParetoFrontier {

    /** One model's result: net energy and the metric's value, both finite. */
    public record Point(String label, double energy, double accuracy) {
        public Point {
            if (!Double.isFinite(energy) || !Double.isFinite(accuracy)) {
                throw new IllegalArgumentException("point '" + label + "' needs finite coordinates, got energy "
                        + energy + " and accuracy " + accuracy);
            }
        }

        /** Whether this point dominates {@code other} where higher metric values are better. */
        boolean dominates(Point other) {
            return dominates(other, true);
        }

        boolean dominates(Point other, boolean higherIsBetter) {
            double mine = higherIsBetter ? accuracy : -accuracy;
            double theirs = higherIsBetter ? other.accuracy : -other.accuracy;
            return energy <= other.energy && mine >= theirs && (energy < other.energy || mine > theirs);
        }
    }

    private ParetoFrontier() {
    }

    /** The non-dominated points where higher is better, by rising energy (so also by rising accuracy). */
    static List<Point> of(Collection<Point> points) {
        return of(points, true);
    }

    /**
     * The non-dominated points by rising energy: so by rising value where {@code higherIsBetter}, by
     * falling value where lower is better.
     */
    public static List<Point> of(Collection<Point> points, boolean higherIsBetter) {
        List<Point> frontier = new ArrayList<>();
        for (Point p : points) {
            if (points.stream().noneMatch(q -> q.dominates(p, higherIsBetter))) {
                frontier.add(p);
            }
        }
        Comparator<Point> byValue = Comparator.comparingDouble(Point::accuracy);
        frontier.sort(Comparator.comparingDouble(Point::energy)
                .thenComparing(higherIsBetter ? byValue : byValue.reversed())
                .thenComparing(Point::label, Comparator.nullsFirst(String::compareTo)));
        return List.copyOf(frontier);
    }
}
