package org.joulebench.meters.rapl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
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
}
