package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code measure --nvml-lib}: a fake libnvidia-ml compiled from the meter module's test source,
 * two boards drawing 150 W and 50 W from the moment the test says so.
 */
class MeasureNvmlTest {

    @TempDir
    Path dir;

    /** Held for the whole test: JNA unloads a library nothing refers to, and a reload starts its boards at 0 W. */
    private FakeNvmlLib fake;

    @Test
    void measuresTwoGpusOnTheirEnergyCountersWithinTwoPercent() throws Exception {
        fake = FakeNvmlLib.compile(dir, "libnvidia-ml-measure.so.1").boards(150, 50);
        Path lib = fake.file;
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
        fake = FakeNvmlLib.compile(dir, "libnvidia-ml-measure.so.1").boards(100);
        Path lib = fake.file;
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
