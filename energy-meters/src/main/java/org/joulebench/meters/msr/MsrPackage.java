package org.joulebench.meters.msr;

import java.nio.file.Path;

/**
 * One CPU package as the MSR meter reads it: its lowest-numbered CPU and the energy unit that
 * CPU's unit register declares.
 *
 * @param id      the {@code physical_package_id}
 * @param cpu     the CPU whose device is read for the package's counters
 * @param device  that CPU's MSR device, e.g. {@code /dev/cpu/0/msr}
 * @param esu     the energy status unit, bits 12:8 of the unit register
 */
record MsrPackage(int id, int cpu, Path device, int esu) {

    /** Joules per count: 1 / 2^ESU (ESU 14: 61.035 µJ; ESU 16: 15.259 µJ). */
    double energyUnitJoules() {
        return Math.scalb(1.0, -esu);
    }

    /** The energy after which a 32-bit counter wraps: 2^32 counts. */
    double counterRangeJoules() {
        return Math.scalb(1.0, 32 - esu);
    }
}
