package org.joulebench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aNetFigureAtOrBelowZeroIsNotRated() {
        CrossRun one = CrossRun.of(List.of(ReportFixtures.run()), null, null, null);
        CrossRun.Row tiny = one.rows().get(4);
        EnergyRating.Rating rating = EnergyRating.of(tiny, EnergyRating.bands(one));
        assertTrue(rating.stars().isEmpty());
        assertEquals("n/a (net J/query not above 0)", rating.text());
    }
}
