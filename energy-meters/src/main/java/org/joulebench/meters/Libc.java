package org.joulebench.meters;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The C library's CPU-time calls, through JNA, for the CPU clocks that need finer time than the JDK gives (its
 * process CPU time comes from {@code times()}, in 10 ms ticks on Linux). Structs are taken as arrays of longs
 * (the LP64 layout); {@link #get()} is null where the library cannot be called, and the clocks fall back.
 */
final class Libc {

    /** {@code CLOCK_PROCESS_CPUTIME_ID} on Linux. */
    static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    static final int RUSAGE_CHILDREN = -1;
    /** {@code struct rusage} on 64-bit Linux: two timevals (2 × 2 longs) and 14 longs. */
    static final int RUSAGE_LONGS = 18;

    interface Calls extends Library {
        int getrusage(int who, long[] usage);

        int clock_gettime(int clock, long[] timespec);
    }

    private static final Calls CALLS = load();

    private Libc() {
    }

    static Calls get() {
        return CALLS;
    }

    private static Calls load() {
        try {
            if (Native.LONG_SIZE != 8 || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT)
                    .contains("linux")) {
                return null; // the constants and layouts above are Linux LP64's
            }
            return Native.load("c", Calls.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** CPU time of every thread of this process, in nanoseconds, or -1 where it cannot be read. */
    static long processCpuNanos() {
        if (CALLS != null) {
            long[] ts = new long[2];
            try {
                if (CALLS.clock_gettime(CLOCK_PROCESS_CPUTIME_ID, ts) == 0) {
                    return ts[0] * 1_000_000_000L + ts[1];
                }
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                // fall through
            }
        }
        return -1;
    }
}
