package org.joulebench.meters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --meter auto} between the two RAPL readers: powercap when it works, the MSRs otherwise. */
class MetersAutoMsrTest {

    @TempDir
    Path tmp;

    /** An Intel package on cpu0 as MSR devices, read with {@code --cpu-vendor intel} (this machine may be AMD). */
    private MeterConfig configWithMsr(Path powercapRoot) throws IOException {
        Path device = Files.createDirectories(tmp.resolve("dev/cpu/0")).resolve("msr");
        writeLong(device, 0x606, 0x000A_0E03L);
        writeLong(device, 0x611, 12_345);
        Path topology = Files.createDirectories(tmp.resolve("sys/cpu0/topology"));
        Files.writeString(topology.resolve("physical_package_id"), "0\n");
        return new MeterConfig(powercapRoot, () -> 0L, () -> 0L).withMsrRoot(tmp.resolve("dev/cpu"))
                .withCpuSysRoot(tmp.resolve("sys")).withCpuVendor("intel");
    }

    private static void writeLong(Path file, long offset, long value) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(bytes, offset);
        }
    }

    @Test
    void providersRankRaplThenMsrThenEstimate() {
        List<String> ids = Meters.providers().stream().map(MeterProvider::id)
                .filter(List.of("rapl", "msr", "estimate")::contains).toList();
        assertEquals(List.of("rapl", "msr", "estimate"), ids);
    }

    @Test
    void autoPrefersPowercapWhenBothWork() throws Exception {
        Path zone = Files.createDirectories(tmp.resolve("powercap/intel-rapl:0"));
        Files.writeString(zone.resolve("name"), "package-0\n");
        Files.writeString(zone.resolve("max_energy_range_uj"), "262143328850\n");
        Files.writeString(zone.resolve("energy_uj"), "12345\n");
        MeterConfig config = configWithMsr(tmp.resolve("powercap"));
        try (Meter msr = Meters.open("msr", config, Meters.providers())) {
            assertEquals("msr", msr.id());
        }
        try (Meter meter = Meters.open("auto", config, Meters.providers())) {
            assertEquals("rapl", meter.id());
        }
    }

    @Test
    void autoFallsBackToMsrWithoutPowercap() throws Exception {
        try (Meter meter = Meters.open("auto", configWithMsr(tmp.resolve("no-powercap")), Meters.providers())) {
            assertEquals("msr", meter.id());
            assertEquals(Method.COUNTER, meter.method());
        }
    }
}
