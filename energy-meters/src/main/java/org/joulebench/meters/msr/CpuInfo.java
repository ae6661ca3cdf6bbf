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
        return value(cpuinfo, "vendor_id");
    }

    /**
     * The first processor's vendor, family and model, from {@code vendor_id}, {@code cpu family} and
     * {@code model} (not {@code model name}); empty when one is missing or not a number.
     */
    static Optional<CpuModel> model(String cpuinfo) {
        Optional<String> vendor = vendorId(cpuinfo);
        Optional<Integer> family = value(cpuinfo, "cpu family").flatMap(CpuInfo::number);
        Optional<Integer> model = value(cpuinfo, "model").flatMap(CpuInfo::number);
        if (vendor.isEmpty() || family.isEmpty() || model.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CpuModel(vendor.get(), family.get(), model.get()));
    }

    /**
     * A CPU as {@code /proc/cpuinfo} names it.
     *
     * @param family the {@code cpu family}, e.g. 6 for Intel's Core and Xeon lines
     * @param model  the {@code model} number (decimal in cpuinfo), e.g. 85 = 0x55 for Skylake-SP
     */
    record CpuModel(String vendorId, int family, int model) {

        /** {@code GenuineIntel family 6 model 0x55}. */
        @Override
        public String toString() {
            return vendorId + " family " + family + " model " + Register.hex(model);
        }
    }

    /** The value of the first line whose key (the text before the colon, stripped) is {@code key}. */
    private static Optional<String> value(String cpuinfo, String key) {
        return cpuinfo.lines()
                .filter(line -> line.indexOf(':') > 0 && line.substring(0, line.indexOf(':')).strip().equals(key))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .filter(value -> !value.isEmpty())
                .findFirst();
    }

    private static Optional<Integer> number(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
