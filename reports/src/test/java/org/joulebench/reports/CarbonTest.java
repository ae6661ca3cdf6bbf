package org.joulebench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CarbonTest {

    @Test
    void aKilowattHourAtAPueGivesTheIntensityTimesThePue() {
        Carbon c = new Carbon(400, 1.5, "fixture");
        assertEquals(600.0, c.grams(3.6e6), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new Carbon(400, 0.9, "fixture"));
        assertThrows(IllegalArgumentException.class, () -> new Carbon(Double.NaN, 1, "fixture"));
    }

    @Test
    void everyRegionNamesItsSourceAndYear() {
        assertFalse(GridRegions.all().isEmpty());
        for (GridRegions.Region r : GridRegions.all()) {
            assertFalse(r.source().isBlank(), r.code());
            assertTrue(r.year() >= 2020 && r.year() <= 2030, r.code() + " " + r.year());
            assertTrue(r.gramsPerKilowattHour() > 0 && r.gramsPerKilowattHour() < 1500, r.code());
        }
        GridRegions.Region de = GridRegions.find("de").orElseThrow();
        assertEquals(381.0, de.gramsPerKilowattHour());
        assertTrue(de.carbon(1.0).basis().contains("2023"), de.carbon(1.0).basis());
        assertTrue(GridRegions.find("XX").isEmpty());
    }

    @Test
    void figuresAreEmptyWhereTheyHaveNoMeaning() {
        CrossRun one = CrossRun.of(java.util.List.of(ReportFixtures.run()), null, null, null);
        var small = one.rows().get(0).result(); // 0.05 J/query, accuracy 0.75 [0.5, 0.9]
        var tiny = one.rows().get(4).result(); // net J/query below zero
        assertEquals(0.05 * 1000 / 3600, CrossRunFigures.whPer1000Queries(small).orElseThrow(), 1e-15);
        assertTrue(CrossRunFigures.whPer1000Queries(tiny).isEmpty());
        assertTrue(CrossRunFigures.gramsPer1000Queries(small, null).isEmpty());
        var perCorrect = CrossRunFigures.joulesPerCorrect(small);
        assertEquals(0.05 / 0.75, perCorrect.mean(), 1e-15);
        assertEquals(0.045 / 0.9, perCorrect.lo(), 1e-15);
        assertEquals(0.056 / 0.5, perCorrect.hi(), 1e-15);
        assertEquals(null, CrossRunFigures.joulesPerCorrect(tiny));
    }
}
