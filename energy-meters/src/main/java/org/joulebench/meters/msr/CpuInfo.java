package org.joulebench.meters.msr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The text of {@code /proc/cpuinfo}, behind a seam so that tests do not depend on this machine's CPU. */
@FunctionalInterface
interface CpuInfo {

    Path PROC_CPUINFO = Path.of("/proc/cpuinfo");

    String read() throws IOException;

    static CpuInfo system() {
        return () -> Files.readString(PROC_CPUINFO, StandardCharsets.US_ASCII);
    }

    /** The first {@code vendor_id} value, e.g. {@code GenuineIntel}; empty when there is none (not x86). */
    static Optional<String> vendorId(String cpuinfo) {
        return cpuinfo.lines()
                .filter(line -> line.startsWith("vendor_id"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .filter(value -> !value.isEmpty())
                .findFirst();
    }
}
