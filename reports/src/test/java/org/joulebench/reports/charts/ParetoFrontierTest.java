package org.joulebench.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.joulebench.reports.charts.ParetoFrontier.Point;
import org.junit.jupiter.api.Test;

class ParetoFrontierTest {

    private static List<String> labels(List<Point> points) {
        return points.stream().map(Point::label).toList();
    }

    @Test
    void keepsThePointsNoOtherBeatsOnBothAxesSortedByEnergy() {
        List<Point> points = List.of(
                new Point("large", 0.8, 0.90),
                new Point("wasteful", 0.9, 0.70),   // more energy than large, less accurate
                new Point("small", 0.05, 0.75),
                new Point("medium", 0.3, 0.74),     // more energy than small, less accurate
                new Point("huge", 5.0, 0.92));

        assertEquals(List.of("small", "large", "huge"), labels(ParetoFrontier.of(points)));
    }

    @Test
    void theFrontierRisesInAccuracyAsEnergyRises() {
        List<Point> frontier = ParetoFrontier.of(List.of(new Point("a", 3, 0.9), new Point("b", 1, 0.5),
                new Point("c", 2, 0.7), new Point("d", 2.5, 0.6)));

        assertEquals(List.of("b", "c", "a"), labels(frontier));
        for (int i = 1; i < frontier.size(); i++) {
            assertTrue(frontier.get(i).energy() > frontier.get(i - 1).energy());
            assertTrue(frontier.get(i).accuracy() > frontier.get(i - 1).accuracy());
        }
    }

    @Test
    void equalEnergyKeepsOnlyTheMoreAccurate() {
        assertEquals(List.of("better"), labels(ParetoFrontier.of(List.of(new Point("worse", 1, 0.5),
                new Point("better", 1, 0.6)))));
    }

    @Test
    void equalAccuracyKeepsOnlyTheCheaper() {
        assertEquals(List.of("cheaper"), labels(ParetoFrontier.of(List.of(new Point("dearer", 2, 0.6),
                new Point("cheaper", 1, 0.6)))));
    }

    @Test
    void identicalPointsDoNotDominateEachOther() {
        assertEquals(List.of("a", "b"), labels(ParetoFrontier.of(List.of(new Point("b", 1, 0.6),
                new Point("a", 1, 0.6)))));
    }

    @Test
    void negativeNetEnergyIsAnOrdinaryValue() {
        assertEquals(List.of("noisy", "large"), labels(ParetoFrontier.of(List.of(new Point("noisy", -0.001, 0.5),
                new Point("large", 0.8, 0.9), new Point("small", 0.05, 0.4)))));
    }

    @Test
    void whereLowerIsBetterTheFrontierIsTheLowestEnergyForAValueAtLeastThatLow() {
        List<Point> points = List.of(
                new Point("small (llamacpp)", 0.008, 2.43),
                new Point("small (java)", 0.02, 2.41),     // dearer than small (llamacpp), but a lower value
                new Point("large (java)", 0.3, 1.60),
                new Point("large (llamacpp)", 0.1, 1.62),
                new Point("wasteful", 0.2, 2.5));           // dearer and higher than small: dominated

        List<Point> frontier = ParetoFrontier.of(points, false);

        assertEquals(List.of("small (llamacpp)", "small (java)", "large (llamacpp)", "large (java)"), labels(frontier));
        for (int i = 1; i < frontier.size(); i++) {
            assertTrue(frontier.get(i).energy() > frontier.get(i - 1).energy());
            assertTrue(frontier.get(i).accuracy() < frontier.get(i - 1).accuracy(), "falls as energy rises");
        }
        assertEquals(List.of("small (llamacpp)", "wasteful"), labels(ParetoFrontier.of(points, true)),
                "read as higher-is-better, the worst values would make the frontier");
    }

    @Test
    void whereLowerIsBetterEqualEnergyKeepsOnlyTheLower() {
        assertEquals(List.of("lower"), labels(ParetoFrontier.of(List.of(new Point("higher", 1, 2.5),
                new Point("lower", 1, 1.5)), false)));
        assertEquals(List.of("cheaper"), labels(ParetoFrontier.of(List.of(new Point("dearer", 2, 1.5),
                new Point("cheaper", 1, 1.5)), false)));
    }

    @Test
    void higherIsBetterIsTheDefault() {
        List<Point> points = List.of(new Point("a", 1, 0.5), new Point("b", 2, 0.9), new Point("c", 3, 0.7));
        assertEquals(labels(ParetoFrontier.of(points, true)), labels(ParetoFrontier.of(points)));
    }

    @Test
    void noPointsNoFrontier() {
        assertEquals(List.of(), ParetoFrontier.of(List.of()));
    }

    @Test
    void aPointNeedsFiniteCoordinates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Point("x", Double.NaN, 1));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }
}
