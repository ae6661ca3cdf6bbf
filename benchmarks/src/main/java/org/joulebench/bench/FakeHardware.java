package org.joulebench.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.joulebench.meters.MeterConfig;

/**
 * Fake energy hardware in a scratch folder, as the meters' tests build it: a powercap tree with one RAPL package zone,
 * and an MSR device (a sparse file holding Intel's unit and package-energy registers at their addresses) with its CPU
 * topology. The folder is on tmpfs ({@code /dev/shm}) where the host has one, so that a read costs what a read of a
 * cached file costs and no disk; {@code -Djoulebench.bench.dir=DIR} picks another. The meters read these files through
 * their injectable roots ({@link MeterConfig#withPowercapRoot}, {@link MeterConfig#withMsrRoot}), as they read sysfs
 * and {@code /dev/cpu}.
 */
public final class FakeHardware implements AutoCloseable {

    /** Intel's unit register: power unit 3, energy status unit 14 (61.035 µJ), time unit 10. */
    private static final long INTEL_UNIT_ESU_14 = 0x000A_0E03L;
    private static final long MSR_RAPL_POWER_UNIT = 0x606L;
    private static final long MSR_PKG_ENERGY_STATUS = 0x611L;

    private final Path dir;

    private FakeHardware(Path dir) {
        this.dir = dir;
    }

    /** A fresh scratch folder. */
    public static FakeHardware create() throws IOException {
        String chosen = System.getProperty("joulebench.bench.dir");
        Path parent = chosen != null ? Path.of(chosen)
                : Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir"));
        return new FakeHardware(Files.createTempDirectory(parent, "joulebench-bench-"));
    }

    public Path dir() {
        return dir;
    }

    /** A powercap tree holding zone {@code intel-rapl:0} (package-0); a config that reads it and no MSRs. */
    public MeterConfig powercap() throws IOException {
        Path root = Files.createDirectories(dir.resolve("powercap"));
        Path zone = Files.createDirectories(root.resolve("intel-rapl:0"));
        Files.writeString(zone.resolve("name"), "package-0\n");
        Files.writeString(zone.resolve("max_energy_range_uj"), "262143328850\n");
        Files.writeString(zone.resolve("energy_uj"), "123456789\n");
        return MeterConfig.system().withPowercapRoot(root).withMsrRoot(dir.resolve("no-msr"));
    }

    /** {@code dev/cpu/0/msr} with Intel's unit and package registers, cpu0's topology; a config that reads only them. */
    public MeterConfig msr() throws IOException {
        Path msrRoot = Files.createDirectories(dir.resolve("dev/cpu"));
        Path device = Files.createDirectories(msrRoot.resolve("0")).resolve("msr");
        Files.createFile(device);
        writeRegister(device, MSR_RAPL_POWER_UNIT, INTEL_UNIT_ESU_14);
        writeRegister(device, MSR_PKG_ENERGY_STATUS, 1_000_000);
        Path sys = Files.createDirectories(dir.resolve("sys/devices/system/cpu"));
        Path topology = Files.createDirectories(sys.resolve("cpu0/topology"));
        Files.writeString(topology.resolve("physical_package_id"), "0\n");
        Files.writeString(topology.resolve("core_id"), "0\n");
        return MeterConfig.system().withMsrRoot(msrRoot).withCpuSysRoot(sys).withCpuVendor("intel")
                .withPowercapRoot(dir.resolve("no-powercap"));
    }

    /** Writes 8 little-endian bytes at file offset {@code address}, as the msr driver presents register {@code address}. */
    private static void writeRegister(Path device, long address, long value) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).flip();
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes, address + bytes.position());
            }
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
