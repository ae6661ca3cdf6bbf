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

    /** No MSR devices or NVML either, so that a host with them gives the same answers. */
    private MeterConfig config(Path root) {
        return new MeterConfig(root, () -> 0L, () -> 0L)
                .withMsrRoot(tmp.resolve("no-msr"))
                .withNvmlLibrary(tmp.resolve("no-nvml/libnvidia-ml.so.1").toString());
    }

    /** An always-available meter of a given kind, for choosing among. */
    private static MeterProvider fake(String id, int priority, boolean cpu) {
        return new MeterProvider() {
            public String id() { return id; }
            public String description() { return id; }
            public Method method() { return Method.COUNTER; }
            public int priority() { return priority; }
            public boolean measuresCpu() { return cpu; }
            public Probe probe(MeterConfig c) { return Probe.available(id); }
            public Meter open(MeterConfig c) throws MeterUnavailableException {
                throw new MeterUnavailableException("opened " + id, "none");
            }
        };
    }

    @Test
    void autoNeverPicksAnAcceleratorMeter() {
        List<MeterProvider> providers = List.of(fake("gpu", 1000, false), fake("cpu", 1, true));
        MeterUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(MeterUnavailableException.class,
                () -> Meters.open("auto", config(tmp), providers));
        assertEquals("opened cpu", e.getMessage());
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
