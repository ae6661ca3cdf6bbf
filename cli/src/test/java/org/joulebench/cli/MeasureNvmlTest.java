package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code measure --nvml-lib}: a fake libnvidia-ml compiled from the meter module's test source,
 * two boards drawing 150 W and 50 W from the moment the test says so.
 */
class MeasureNvmlTest {

    /** The fake's control functions (the meter binds the NVML ones from the same library). */
    interface FakeControl extends Library {
        void fake_reset();

        void fake_set_device_count(int n);

        void fake_set_ramp_mw(int index, int milliwatts);
    }

    @TempDir
    Path dir;

    private Path compileFake() throws Exception {
        Path source = Path.of("..", "energy-meters", "src", "test", "c", "fake_nvml.c").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(source), "fake NVML source not found at " + source);
        Path lib = dir.resolve("libnvidia-ml-measure.so.1");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", lib.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "gcc is not installed: " + e.getMessage());
            throw e;
        }
        assumeTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc took too long");
        String out = new String(gcc.getInputStream().readAllBytes());
        assertEquals(0, gcc.exitValue(), "gcc failed: " + out);
        return lib;
    }

    @Test
    void measuresTwoGpusOnTheirEnergyCountersWithinTwoPercent() throws Exception {
        Path lib = compileFake();
        FakeControl fake = Native.load(lib.toString(), FakeControl.class);
        fake.fake_reset();
        fake.fake_set_device_count(2);
        fake.fake_set_ramp_mw(0, 150_000);
        fake.fake_set_ramp_mw(1, 50_000);
        CliRunner.Outcome o = CliRunner.run("measure", "--meter", "nvml", "--nvml-lib", lib.toString(), "--json",
                "--", "sleep", "2");
        assertEquals(0, o.status(), o.err());
        JsonNode m = new ObjectMapper().readTree(o.out()).get("meters").get(0);
        double seconds = m.get("seconds").asDouble();
        assertTrue(seconds >= 2.0, "ran for " + seconds);
        assertEquals("COUNTER", m.get("method").asText());
        assertEquals(200.0 * seconds, m.get("joules_gross").asDouble(), 0.02 * 200 * seconds);
        assertEquals(200.0 * seconds, m.get("joules_by_domain").get("GPU").asDouble(), 0.02 * 200 * seconds);
    }

    @Test
    void abReadsEveryWorkingGpuMeterBesideTheCpuMeter() throws Exception {
        Path lib = compileFake();
        FakeControl fake = Native.load(lib.toString(), FakeControl.class);
        fake.fake_reset();
        fake.fake_set_device_count(1);
        fake.fake_set_ramp_mw(0, 100_000);
        Path json = dir.resolve("ab.json");
        CliRunner.Outcome o = CliRunner.run("ab", "--meter", "auto", "--nvml-lib", lib.toString(), "--rounds", "6",
                "--warmup", "0", "--max-regression", "50%", "--json", json.toString(), "sleep 0.2", "sleep 0.2");
        assertEquals(0, o.status(), o.out() + o.err());
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        java.util.List<String> meters = new java.util.ArrayList<>();
        doc.get("meters").forEach(m -> meters.add(m.get("id").asText()));
        assertTrue(meters.contains("nvml") && meters.size() == 2, "the CPU meter and the GPU meter: " + meters);
        java.util.List<String> metrics = new java.util.ArrayList<>();
        doc.get("rows").forEach(r -> metrics.add(r.get("metric").asText()));
        assertTrue(metrics.contains("energy:nvml"), metrics.toString());
        for (JsonNode run : doc.get("runs")) {
            double wall = run.get("wall").asDouble();
            // 100 W on the fake board: each run's GPU window holds 100 J per second of it
            assertEquals(100 * wall, run.get("joules").get("nvml").asDouble(), 0.05 * 100 * wall + 0.5);
        }
    }
}
