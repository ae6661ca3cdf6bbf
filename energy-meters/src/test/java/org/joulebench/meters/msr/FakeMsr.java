package org.joulebench.meters.msr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.Ticker;

/**
 * Builds MSR devices and a CPU topology in a test folder: {@code dev/cpu/N/msr} are sparse files
 * holding each register as 8 little-endian bytes, and {@code sys/devices/system/cpu/cpuN/topology}
 * holds {@code physical_package_id} and {@code core_id}.
 *
 * <p>The real device takes the file offset as a register number: a read of 8 bytes at offset R
 * is register R, so AMD's registers at R, R + 1 and R + 2 are three independent values. In a file
 * their 8-byte slots would overlap, so this fake keeps register R at offset R × 8 ({@link #offset})
 * and {@link FakeMsrAccess} reads it there; sparse files make even AMD's offsets (≈ 24 GiB) cost
 * nothing. {@link #writeAtAddress} writes at offset R, as the device presents it, for tests that
 * read through the real {@link MsrAccess#system()} with registers far enough apart (Intel's).
 */
final class FakeMsr {

    /** A typical Intel unit register: power unit 3, energy status unit 14 (61.035 µJ), time unit 10. */
    static final long INTEL_UNIT_ESU_14 = 0x000A_0E03L;
    /** A typical AMD unit register: energy status unit 16 (15.259 µJ). */
    static final long AMD_UNIT_ESU_16 = 0x000A_1003L;

    /** Intel, power unit 3 (1/8 W), energy status unit 24: 2^32 counts are 256 J, a wrap every 0.512 s at 500 W. */
    static final long INTEL_UNIT_ESU_24 = 0x000A_1803L;

    static final long INTEL_UNIT = 0x606L;
    static final long INTEL_PKG_POWER_LIMIT = 0x610L;
    static final long INTEL_PKG_POWER_INFO = 0x614L;
    static final long INTEL_PKG = 0x611L;
    static final long INTEL_DRAM = 0x619L;
    static final long INTEL_PP0 = 0x639L;
    static final long INTEL_PP1 = 0x641L;
    static final long INTEL_PSYS = 0x64DL;
    static final long AMD_UNIT = 0xC001_0299L;
    static final long AMD_CORE = 0xC001_029AL;
    static final long AMD_PKG = 0xC001_029BL;

    private final Path msrRoot;
    private final Path sysRoot;

    private FakeMsr(Path msrRoot, Path sysRoot) {
        this.msrRoot = mkdirs(msrRoot);
        this.sysRoot = mkdirs(sysRoot);
    }

    static FakeMsr in(Path tmp) {
        return new FakeMsr(tmp.resolve("dev/cpu"), tmp.resolve("sys/devices/system/cpu"));
    }

    Path msrRoot() {
        return msrRoot;
    }

    Path sysRoot() {
        return sysRoot;
    }

    Path device(int cpu) {
        return msrRoot.resolve(Integer.toString(cpu)).resolve("msr");
    }

    /** An online CPU of package {@code pkg}: an empty device and its topology. */
    FakeMsr cpu(int cpu, int pkg) {
        return cpu(cpu, pkg, cpu);
    }

    /** An online CPU of package {@code pkg} on physical core {@code core}. */
    FakeMsr cpu(int cpu, int pkg, int core) {
        Path device = device(cpu);
        mkdirs(device.getParent());
        Path topology = mkdirs(sysRoot.resolve("cpu" + cpu).resolve("topology"));
        try {
            if (!Files.exists(device)) {
                Files.createFile(device);
            }
            Files.writeString(topology.resolve("physical_package_id"), pkg + "\n");
            Files.writeString(topology.resolve("core_id"), core + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Where this fake keeps register {@code address}: one 8-byte slot per register. */
    static long offset(long address) {
        return address * Long.BYTES;
    }

    /** Sets a register, as the hardware advancing between two reads; read it through {@link FakeMsrAccess}. */
    FakeMsr write(int cpu, long address, long value) {
        return writeAtAddress(cpu, offset(address), value);
    }

    /** Writes 8 little-endian bytes at file offset {@code offset}, as the real device presents register {@code offset}. */
    FakeMsr writeAtAddress(int cpu, long offset, long value) {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).flip();
        try (FileChannel channel = FileChannel.open(device(cpu), StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes, offset + bytes.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    MeterConfig config(Ticker ticker) {
        return MeterConfig.system().withMsrRoot(msrRoot).withCpuSysRoot(sysRoot).withTicker(ticker)
                .withPowercapRoot(msrRoot.resolveSibling("no-powercap"));
    }

    /** Counts for {@code joules} at energy status unit {@code esu}; exact for the values the tests use. */
    static long counts(double joules, int esu) {
        return Math.round(Math.scalb(joules, esu));
    }

    /** {@code MSR_PKG_POWER_INFO} with a maximum power of {@code watts} in power units of 1/8 W (power unit 3). */
    static long powerInfo(double watts) {
        return Math.round(watts * 8) << 16;
    }

    /** {@code MSR_PKG_POWER_LIMIT} with PL2 {@code watts} (1/8 W units, enabled) and a PL1 of 1 W. */
    static long powerLimitPl2(double watts) {
        return (1L << 47) | (Math.round(watts * 8) << 32) | (1L << 15) | 8;
    }

    /** Two processors of one CPU model, as {@code /proc/cpuinfo} lists them ({@code model} in decimal). */
    static CpuInfo cpuInfo(String vendorId, int family, int model) {
        String one = "vendor_id\t: " + vendorId + "\ncpu family\t: " + family + "\nmodel\t\t: " + model
                + "\nmodel name\t: Some CPU @ 2.10GHz\nstepping\t: 4\n";
        return () -> "processor\t: 0\n" + one + "\nprocessor\t: 1\n" + one;
    }

    static CpuInfo cpuInfo(String vendorId) {
        return () -> "processor\t: 0\nvendor_id\t: " + vendorId + "\ncpu family\t: 6\n\nprocessor\t: 1\nvendor_id\t: "
                + vendorId + "\n";
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
