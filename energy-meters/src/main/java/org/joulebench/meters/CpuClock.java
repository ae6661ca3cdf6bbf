package org.joulebench.meters;

import java.lang.management.ManagementFactory;

/** The CPU time this process has used, in nanoseconds; injectable so that tests control it. */
@FunctionalInterface
public interface CpuClock {

    /** Total CPU time of all threads of this process, in nanoseconds, or -1 when not supported. */
    long processCpuNanos();

    /**
     * This process: {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)} (nanoseconds) where the C library can be
     * called, else the JDK's figure, which on Linux comes in 10 ms ticks: too coarse for a query of a few
     * milliseconds, whose estimated joules would come in whole ticks.
     */
    static CpuClock process() {
        return ProcessCpuClock.INSTANCE;
    }

    /**
     * This process and every live process it started (engines in child processes); on systems
     * without {@code /proc} the children count as far as the JDK reports them.
     */
    static CpuClock processTree() {
        return new ProcessTreeCpuClock(java.nio.file.Path.of("/proc"));
    }

    /**
     * The child processes of this process that ended and were waited for, with their waited-for
     * descendants: the CPU time a command took, read after it exited. Microsecond resolution where the C
     * library's {@code getrusage} can be called, else 10 ms ticks from {@code /proc/self/stat}.
     */
    static CpuClock endedChildren() {
        return new ChildrenCpuClock(java.nio.file.Path.of("/proc"));
    }
}

enum ProcessCpuClock implements CpuClock {
    INSTANCE;

    @Override
    public long processCpuNanos() {
        long precise = Libc.processCpuNanos();
        if (precise >= 0) {
            return precise;
        }
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }
}
