package org.joulebench.harness;

import org.joulebench.meters.CpuClock;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;

/**
 * CPU time of this process and of the whole machine, read together so that a window's
 * process share can be worked out: the basis of the ATTRIBUTED figures.
 */
interface CpuTimes {

    /** CPU time of this process, nanoseconds; negative where unsupported. */
    long processNanos();

    /** Busy CPU time of the whole machine (all CPUs, idle and I/O wait and steal excluded), nanoseconds. */
    long machineBusyNanos();

    static CpuTimes system() {
        CentralProcessor cpu = new SystemInfo().getHardware().getProcessor();
        CpuClock process = CpuClock.processTree();
        return new CpuTimes() {
            @Override
            public long processNanos() {
                return process.processCpuNanos();
            }

            @Override
            public long machineBusyNanos() {
                long[] ticks = cpu.getSystemCpuLoadTicks(); // milliseconds per tick type, summed over CPUs
                long busy = 0;
                for (TickType t : TickType.values()) {
                    if (t != TickType.IDLE && t != TickType.IOWAIT && t != TickType.STEAL) {
                        busy += ticks[t.getIndex()];
                    }
                }
                return busy * 1_000_000L;
            }
        };
    }
}
