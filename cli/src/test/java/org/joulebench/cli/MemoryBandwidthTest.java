package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryBandwidthTest {

    @Test
    void theKernelSumsItsSliceIncludingTheTail() {
        long[] a = {1, 2, 3, 4, 5, 6, 7, 100};
        assertEquals(2 + 3 + 4 + 5 + 6 + 7, MemoryBandwidth.sum(a, 1, 7));
    }

    @Test
    void aSmallProbeReportsWhatItRead() throws Exception {
        MemoryBandwidth.Result r = MemoryBandwidth.measure(1 << 20, 2, 2);
        assertEquals(1 << 20, r.bytes());
        assertEquals(2, r.threads());
        assertTrue(r.bytesPerSecond() > 0 && Double.isFinite(r.bytesPerSecond()), "bandwidth " + r.bytesPerSecond());
    }

    @Test
    void refusesSizesNoArrayHolds() {
        assertThrows(IllegalArgumentException.class, () -> MemoryBandwidth.measure(4, 2, 1));
    }
}
