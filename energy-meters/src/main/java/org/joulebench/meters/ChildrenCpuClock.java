package org.joulebench.meters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the child processes of this process that ended and were waited for (and of their waited-for
 * descendants), in nanoseconds: {@code getrusage(RUSAGE_CHILDREN)}, whose user and system times have
 * microsecond resolution. Where the C library cannot be called it falls back to {@code cutime + cstime} of
 * {@code /proc/self/stat}, in 10 ms ticks; -1 where neither can be read.
 */
final class ChildrenCpuClock implements CpuClock {

    /** Linux's USER_HZ: the unit of the tick fields in /proc. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private final Path proc;

    ChildrenCpuClock(Path proc) {
        this.proc = proc;
    }

    @Override
    public long processCpuNanos() {
        Libc.Calls libc = Libc.get();
        if (libc != null) {
            long[] u = new long[Libc.RUSAGE_LONGS];
            try {
                if (libc.getrusage(Libc.RUSAGE_CHILDREN, u) == 0) {
                    return (u[0] + u[2]) * 1_000_000_000L + (u[1] + u[3]) * 1_000L;
                }
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                // fall through to /proc
            }
        }
        return ticks(proc);
    }

    /** {@code cutime + cstime} of {@code /proc/self/stat} in nanoseconds, or -1 where unreadable. */
    static long ticks(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("self").resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * NANOS_PER_TICK; // fields 16 and 17
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
