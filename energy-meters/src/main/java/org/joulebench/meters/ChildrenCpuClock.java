package org.joulebench.meters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * CPU time of the child processes of this process that ended and were waited for (and of their waited-for
 * descendants), in nanoseconds: {@code getrusage(RUSAGE_CHILDREN)}, whose user and system times have
 * microsecond resolution. Where the C library cannot be called it falls back to {@code cutime + cstime} of
 * {@code /proc/self/stat}, in 10 ms ticks; -1 where neither can be read.
 */
final class ChildrenCpuClock implements CpuClock {

    /** Linux's USER_HZ: the unit of the tick fields in /proc. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final int RUSAGE_CHILDREN = -1;
    /** {@code struct rusage} on 64-bit Linux: two timevals (2 × 2 longs) and 14 longs. */
    private static final int RUSAGE_LONGS = 18;

    /** The C library's {@code getrusage}, with the struct taken as an array of longs (LP64 layout). */
    interface Libc extends Library {
        int getrusage(int who, long[] usage);
    }

    private static final Libc LIBC = load();

    private final Path proc;

    ChildrenCpuClock(Path proc) {
        this.proc = proc;
    }

    private static Libc load() {
        try {
            if (Native.LONG_SIZE != 8) {
                return null;
            }
            return Native.load("c", Libc.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null; // no C library through JNA here: the /proc ticks serve
        }
    }

    @Override
    public long processCpuNanos() {
        if (LIBC != null) {
            long[] u = new long[RUSAGE_LONGS];
            try {
                if (LIBC.getrusage(RUSAGE_CHILDREN, u) == 0) {
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
