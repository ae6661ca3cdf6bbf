package org.joulebench.meters;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProcessTreeCpuClockTest {

    @Test
    void countsTheCpuTimeOfAChildProcess() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");
        CpuClock clock = CpuClock.processTree();
        long before = clock.processCpuNanos();
        long ownBefore = CpuClock.process().processCpuNanos();
        // A child that burns CPU until told to stop: about 0.3 s of CPU for sure (no timing asserted beyond that).
        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child finished");
        long after = clock.processCpuNanos();
        long ownAfter = CpuClock.process().processCpuNanos();
        // The child's time arrives through cutime once it is reaped: the tree clock grows by more than the JVM's own.
        assertTrue(after - before > (ownAfter - ownBefore) + 50_000_000L,
                "tree grew " + (after - before) + " ns, the JVM alone " + (ownAfter - ownBefore) + " ns");
    }

    @Test
    void neverGoesBackwards() {
        CpuClock clock = CpuClock.processTree();
        long previous = clock.processCpuNanos();
        for (int i = 0; i < 100; i++) {
            long now = clock.processCpuNanos();
            assertTrue(now >= previous, now + " after " + previous);
            previous = now;
        }
    }
}
