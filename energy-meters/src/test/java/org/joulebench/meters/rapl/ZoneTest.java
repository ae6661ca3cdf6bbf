package org.joulebench.meters.rapl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.joulebench.meters.CounterResetException;
import org.joulebench.meters.Domain;
import org.joulebench.meters.MeterReadException;
import org.junit.jupiter.api.Test;

class ZoneTest {

    private final Zone zone = new Zone("intel-rapl:0", Path.of("/x/intel-rapl:0"), "package-0",
            Domain.CPU_PACKAGE, 1_000);

    @Test
    void deltaOfARisingCounter() {
        assertEquals(300, zone.deltaUj(100, 400));
        assertEquals(0, zone.deltaUj(400, 400));
    }

    @Test
    void deltaAcrossOneWrap() {
        assertEquals(150, zone.deltaUj(900, 50));
    }

    @Test
    void startAboveTheRangeIsAResetNotAWrap() {
        assertThrows(MeterReadException.class, () -> zone.deltaUj(5_000, 10));
    }

    private final Zone bigZone = new Zone("intel-rapl:0", Path.of("/x/intel-rapl:0"), "package-0",
            Domain.CPU_PACKAGE, 262_143_328_850L, 200_000_000L, "constraint_0_max_power_uw");

    @Test
    void deltaWithinMaxPowerTimesElapsedIsEnergy() {
        // 200 W × 1 s × 1.5 + 1 J = 301 J is the most a second may add
        assertEquals(301_000_000, bigZone.checkedDeltaUj(0, 301_000_000, 1_000_000_000L));
        // wrap: 1 J before the wrap and 2 J after it, in 1 s
        assertEquals(3_000_000, bigZone.checkedDeltaUj(262_142_328_850L, 2_000_000, 1_000_000_000L));
    }

    @Test
    void deltaAboveMaxPowerTimesElapsedIsAReset() {
        CounterResetException e = assertThrows(CounterResetException.class,
                () -> bigZone.checkedDeltaUj(0, 301_000_001, 1_000_000_000L));
        assertEquals("RAPL zone intel-rapl:0 (package-0)", e.zone());
        assertEquals(Duration.ofSeconds(1), e.elapsed());
        assertEquals(301.000001, e.impliedPower().watts(), 1e-9);
        assertEquals(200.0, e.limit().watts(), 1e-9);
    }

    @Test
    void shortestWrapIsRangeOverMaxPower() {
        assertEquals(Duration.ofNanos(1_310_716_644_250L), bigZone.shortestWrap());
        assertEquals(500_000_000L, zone.maxPowerUw(), "default for a package");
    }
}
