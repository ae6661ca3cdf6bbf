package org.joulebench.meters.msr;

import java.util.Locale;
import org.joulebench.meters.Domain;

/**
 * One RAPL energy status MSR.
 *
 * @param name    the name the vendor's manual and Linux give it, e.g. {@code MSR_PKG_ENERGY_STATUS}
 * @param address the register's address, which is the offset read in {@code /dev/cpu/N/msr}
 * @param domain  what the counter covers
 * @param scope   how many of it there are: one per package, per physical core, or per platform
 */
record Register(String name, long address, Domain domain, Scope scope) {

    enum Scope {
        /** One counter per socket, read on the package's lowest-numbered CPU. */
        PACKAGE,
        /** One counter per physical core (AMD core energy), read on each core's lowest-numbered CPU and summed. */
        CORE,
        /** One counter for the whole machine (PSys), read on the first package's CPU only. */
        PLATFORM
    }

    /** {@code 0x611}, {@code 0xC001029B}. */
    static String hex(long address) {
        return "0x" + Long.toHexString(address).toUpperCase(Locale.ROOT);
    }

    /** {@code MSR_PKG_ENERGY_STATUS (0x611)}. */
    String label() {
        return name + " (" + hex(address) + ")";
    }
}
