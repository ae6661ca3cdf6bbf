package org.joulebench.reports.charts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The energy–accuracy Pareto frontier: the points no other point dominates, where a point dominates
 * another if it needs no more energy, is no less accurate, and is strictly better in one of the two.
 * Read along rising energy, the frontier gives the lowest energy that buys at least each accuracy.
 */
final class ParetoFrontier {

    /** One model's result: net energy per query and accuracy, both finite. */
    record Point(String label, double energy, double accuracy) {
        Point {
            if (!Double.isFinite(energy) || !Double.isFinite(accuracy)) {
                throw new IllegalArgumentException("point '" + label + "' needs finite coordinates, got energy "
                        + energy + " and accuracy " + accuracy);
            }
        }

        boolean dominates(Point other) {
            return energy <= other.energy && accuracy >= other.accuracy
                    && (energy < other.energy || accuracy > other.accuracy);
        }
    }

    private static final Comparator<Point> BY_ENERGY = Comparator.comparingDouble(Point::energy)
            .thenComparingDouble(Point::accuracy).thenComparing(Point::label, Comparator.nullsFirst(String::compareTo));

    private ParetoFrontier() {
    }

    /** The non-dominated points, by rising energy (so also by rising accuracy). */
    static List<Point> of(Collection<Point> points) {
        List<Point> frontier = new ArrayList<>();
        for (Point p : points) {
            if (points.stream().noneMatch(q -> q.dominates(p))) {
                frontier.add(p);
            }
        }
        frontier.sort(BY_ENERGY);
        return List.copyOf(frontier);
    }
}
