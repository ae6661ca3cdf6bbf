package org.joulebench.meters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    private final Measurement plain = new Measurement("q", Method.COUNTER, Duration.ofMillis(2),
            Map.of(Domain.CPU_PACKAGE, Energy.ofJoules(1)), Energy.ofJoules(1));

    @Test
    void theFiveArgumentConstructorMakesAnUnflaggedMeasurement() {
        assertEquals(Set.of(), plain.flags());
        assertFalse(plain.shorterThanUpdatePeriod());
        assertEquals(new Measurement("q", Method.COUNTER, Duration.ofMillis(2),
                Map.of(Domain.CPU_PACKAGE, Energy.ofJoules(1)), Energy.ofJoules(1), Set.of()), plain);
    }

    @Test
    void flagsAreCopiedAndImmutable() {
        Set<Measurement.Flag> flags = EnumSet.of(Measurement.Flag.SHORTER_THAN_UPDATE_PERIOD);
        Measurement m = new Measurement("q", Method.COUNTER, Duration.ZERO, Map.of(), Energy.ZERO, flags);
        flags.clear();
        assertTrue(m.shorterThanUpdatePeriod());
        assertThrows(UnsupportedOperationException.class, () -> m.flags().clear());
        assertThrows(NullPointerException.class,
                () -> new Measurement("q", Method.COUNTER, Duration.ZERO, Map.of(), Energy.ZERO, null));
    }

    @Test
    void withFlagAddsOnce() {
        Measurement flagged = plain.withFlag(Measurement.Flag.SHORTER_THAN_UPDATE_PERIOD);
        assertTrue(flagged.shorterThanUpdatePeriod());
        assertEquals(plain.total(), flagged.total());
        assertSame(flagged, flagged.withFlag(Measurement.Flag.SHORTER_THAN_UPDATE_PERIOD));
    }

    @Test
    void metersWithoutAnUpdatePeriodOrPollsKeepTheDefaults() {
        Meter bare = new SamplerTest.FakeMeter("bare", java.util.Optional.empty());
        assertEquals(Duration.ZERO, bare.updatePeriod());
        assertTrue(bare.pollRequirement().isEmpty());
    }
}
