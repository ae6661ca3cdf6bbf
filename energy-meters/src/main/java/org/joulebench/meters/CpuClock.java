package org.joulebench.meters;

import java.lang.management.ManagementFactory;

/** The CPU time this process has used, in nanoseconds; injectable so that tests control it. */
@FunctionalInterface
public interface CpuClock {

    /** Total CPU time of all threads of this process, in nanoseconds, or -1 when not supported. */
    long processCpuNanos();

    static CpuClock process() {
        return ProcessCpuClock.INSTANCE;
    }
}

enum ProcessCpuClock implements CpuClock {
    INSTANCE;

    @Override
    public long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }
}
