package org.joulebench.meters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProcessCpuClockTest {

    /** Spins until the clock moves and returns the step it moved by. */
    private static long step(CpuClock clock) {
        long start = clock.processCpuNanos();
        long now;
        double sink = 0;
        do {
            for (int i = 0; i < 1_000; i++) {
                sink += Math.sqrt(i + sink);
            }
            now = clock.processCpuNanos();
        } while (now == start);
        assertTrue(sink > 0);
        return now - start;
    }

    @Test
    void resolvesFarFinerThanTheTenMillisecondTicks() {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/proc/self/stat")), "needs Linux");
        long smallest = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            smallest = Math.min(smallest, step(CpuClock.process()));
        }
        // times() would move in whole 10 ms ticks; a query of a few ms must not be charged 0 or 1 tick.
        assertTrue(smallest < 1_000_000L, "smallest step " + smallest + " ns");
    }

    @Test
    void agreesWithTheJdksTickFigure() {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/proc/self/stat")), "needs Linux");
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long jdk = os.getProcessCpuTime();
        long precise = CpuClock.process().processCpuNanos();
        assertEquals(jdk, precise, 50_000_000L, "the same quantity, the JDK's truncated to ticks");
    }
}
