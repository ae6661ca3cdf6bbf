package org.joulebench.meters.msr;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One CPU package as the MSR meter reads it: its lowest-numbered CPU, the energy units its
 * counters count in and the most power it can draw.
 *
 * @param id             the {@code physical_package_id}
 * @param cpu            the CPU whose device is read for the package's counters
 * @param device         that CPU's MSR device, e.g. {@code /dev/cpu/0/msr}
 * @param esu            the energy status unit, bits 12:8 of the unit register
 * @param dramEsu        the energy status unit of the package's DRAM counter: {@code esu}, or 16
 *                       on the server parts that ignore the unit register for DRAM
 * @param dramUnitSource where {@code dramEsu} came from, for the details
 * @param maxPower       the most power the package can draw
 */
record MsrPackage(int id, int cpu, Path device, int esu, int dramEsu, String dramUnitSource, MaxPower maxPower) {

    MsrPackage {
        Objects.requireNonNull(dramUnitSource, "dramUnitSource");
        Objects.requireNonNull(maxPower, "maxPower");
    }

    /** Joules per count: 1 / 2^ESU (ESU 14: 61.035 µJ; ESU 16: 15.259 µJ). */
    double energyUnitJoules() {
        return Math.scalb(1.0, -esu);
    }

    /** The energy after which a 32-bit counter wraps: 2^32 counts. */
    double counterRangeJoules() {
        return Math.scalb(1.0, 32 - esu);
    }
}
