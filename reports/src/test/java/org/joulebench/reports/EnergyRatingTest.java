package org.joulebench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class EnergyRatingTest {

    private final EnergyRating.Bands bands = new EnergyRating.Bands("t", "COUNTER", 1.0, 6.0, 4);

    @Test
    void theLowestFifthGetsFiveStarsAndABoundaryTheBetterRating() {
        assertEquals(5, bands.stars(1.0));
        assertEquals(5, bands.stars(2.0));
        assertEquals(4, bands.stars(2.01));
        assertEquals(3, bands.stars(3.5));
        assertEquals(2, bands.stars(5.0));
        assertEquals(1, bands.stars(5.01));
        assertEquals(1, bands.stars(6.0));
        assertEquals(1.0, bands.lower(5));
        assertEquals(2.0, bands.upper(5));
        assertEquals(5.0, bands.lower(1));
        assertEquals(6.0, bands.upper(1));
        assertEquals("★★★☆☆", EnergyRating.stars(3));
    }

    @Test
    void bandsArePerTaskAndMethodOverTheReportedRuns() {
        CrossRun two = CrossRunFixtures.twoHosts();
        List<EnergyRating.Bands> all = EnergyRating.bands(two);
        assertEquals(2, all.size());
        EnergyRating.Bands retrieval = all.get(0);
        assertEquals(ReportFixtures.RETRIEVAL, retrieval.task());
        assertEquals("COUNTER", retrieval.method());
        assertEquals(4, retrieval.size());
        assertEquals(0.5, retrieval.min(), 1e-12, "host A's small model");
        assertEquals(12.0, retrieval.max(), 1e-12, "host B's large model: 8 J × 1.5");
        assertEquals(Optional.of(5), EnergyRating.of(two.rows().get(0), all).stars());
        assertEquals(Optional.of(1), EnergyRating.of(two.rows().get(5), all).stars());
    }

    @Test
    void servingLevelsAreRatedPerLevelAndNeverAgainstSingleScenarioRows() {
        Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
        // level 2 of run a (0.0024 J/token) lies between run a's and run b's level 1 (0.0022, 0.0033): pooled, it
        // would get 5 stars against level 1; per level it is the lowest of its own level.
        CrossRun runs = CrossRun.of(List.of(ReportFixtures.generationRun(),
                ServingFixtures.run("fixture-serving-a", t0, 0.002, 1, 2),
                ServingFixtures.run("fixture-serving-b", t0.plusSeconds(60), 0.003, 1, 2, 4)), null, null, null);
        List<EnergyRating.Bands> all = EnergyRating.bands(runs);
        List<EnergyRating.Bands> completion = all.stream()
                .filter(b -> b.task().equals(ReportFixtures.COMPLETION)).toList();
        assertEquals(java.util.Arrays.asList(null, 1, 2), completion.stream().map(EnergyRating.Bands::concurrency)
                .toList(), "single scenario, then one band per level held by two runs; level 4 (one run) has none");
        assertEquals(5, completion.get(0).size(), "the single run's five completion rows, no serving level");
        assertEquals(2, completion.get(1).size());
        assertEquals(32 * ServingFixtures.jPerOutputToken(0.002, 1), completion.get(1).min(), 1e-12);
        CrossRun.Row level4 = runs.rows().stream().filter(r -> Integer.valueOf(4).equals(r.result().concurrency()))
                .findFirst().orElseThrow();
        assertEquals("n/a (fewer than 2 distinct values at this level to rate against)",
                EnergyRating.of(level4, all).text());
        CrossRun.Row bLevel1 = runs.rows().stream().filter(r -> Integer.valueOf(1).equals(r.result().concurrency())
                && r.run().result().run().id().equals("fixture-serving-b")).findFirst().orElseThrow();
        assertEquals(Optional.of(1), EnergyRating.of(bLevel1, all).stars(), "the higher of level 1's two values");
    }

    @Test
    void aNetFigureAtOrBelowZeroIsNotRated() {
        CrossRun one = CrossRun.of(List.of(ReportFixtures.run()), null, null, null);
        CrossRun.Row tiny = one.rows().get(4);
        EnergyRating.Rating rating = EnergyRating.of(tiny, EnergyRating.bands(one));
        assertTrue(rating.stars().isEmpty());
        assertEquals("n/a (net J/query not above 0)", rating.text());
    }
}
