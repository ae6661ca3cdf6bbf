package org.joulebench.meters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetersAutoTest {

    @TempDir
    Path tmp;

    /** No NVML either, so that a host with an NVIDIA driver gives the same answers. */
    private MeterConfig config(Path root) {
        return new MeterConfig(root, () -> 0L, () -> 0L)
                .withNvmlLibrary(tmp.resolve("no-nvml/libnvidia-ml.so.1").toString());
    }

    @Test
    void serviceLoaderFindsRaplBeforeEstimate() {
        List<String> ids = Meters.providers().stream().map(MeterProvider::id).toList();
        assertEquals(List.of("rapl", "estimate"), ids.stream().filter(List.of("rapl", "estimate")::contains).toList());
    }

    @Test
    void autoPicksRaplWhenThePowercapTreeExists() throws Exception {
        Path zone = Files.createDirectories(tmp.resolve("powercap/intel-rapl:0"));
        Files.writeString(zone.resolve("name"), "package-0\n");
        Files.writeString(zone.resolve("max_energy_range_uj"), "262143328850\n");
        Files.writeString(zone.resolve("energy_uj"), "12345\n");
        try (Meter meter = Meters.open("auto", config(tmp.resolve("powercap")), Meters.providers())) {
            assertEquals("rapl", meter.id());
        }
    }

    @Test
    void autoFallsBackToEstimateWithoutPowercap() throws Exception {
        try (Meter meter = Meters.open("auto", config(tmp.resolve("missing")), Meters.providers())) {
            assertEquals("estimate", meter.id());
            assertEquals(Method.ESTIMATE, meter.method());
        }
    }
}
