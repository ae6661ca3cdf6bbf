package org.joulebench.meters.msr;

import java.nio.file.Path;

/**
 * One energy counter the meter reads: a register on one CPU's device, in one package's units.
 *
 * @param pkg        the package whose energy unit applies
 * @param cpu        the CPU whose device is read
 * @param devicePath that device, for messages
 * @param register   the energy status register
 * @param device     the open device
 */
record Counter(MsrPackage pkg, int cpu, Path devicePath, Register register, MsrAccess.Device device) {

    /** RAPL energy counters are the low 32 bits of their registers. */
    static final long COUNTER_MASK = 0xFFFF_FFFFL;

    private static final long RANGE = 1L << 32;

    /**
     * Counts between two 32-bit readings. A reading below the first means the counter wrapped,
     * once: we add 2^32. Two wraps within one window cannot be seen and would undercount.
     */
    static long deltaCounts(long start, long end) {
        return end >= start ? end - start : end + RANGE - start;
    }
}
