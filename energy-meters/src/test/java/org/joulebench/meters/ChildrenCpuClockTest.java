package org.joulebench.meters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildrenCpuClockTest {

    @Test
    void countsAnEndedChildAndAgreesWithTheProcTicks() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/proc/self/stat")), "needs Linux /proc");
        CpuClock clock = CpuClock.endedChildren();
        long before = clock.processCpuNanos();
        long ticksBefore = ChildrenCpuClock.ticks(Path.of("/proc"));
        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done").start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child finished");
        long grew = clock.processCpuNanos() - before;
        long ticksGrew = ChildrenCpuClock.ticks(Path.of("/proc")) - ticksBefore;
        assertTrue(grew > 50_000_000L, "the child's CPU time arrived: " + grew + " ns");
        // The same quantity: the ticks are truncated to 10 ms, each of user and system time.
        assertEquals(ticksGrew, grew, 25_000_000L, "getrusage against /proc ticks");
    }

    @Test
    void readsTheTickFieldsOfAStatFile(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("self"));
        // pid (comm with a space) state ppid ... field 16 cutime = 7, field 17 cstime = 5
        Files.writeString(proc.resolve("self/stat"),
                "42 (my cmd) S 1 42 42 0 -1 4194560 100 0 0 0 30 4 7 5 20 0 1 0 100 1000 10\n");
        assertEquals(120_000_000L, ChildrenCpuClock.ticks(proc));
    }

    @Test
    void anUnreadableStatFileIsMinusOne(@TempDir Path proc) {
        assertEquals(-1, ChildrenCpuClock.ticks(proc));
    }
}
