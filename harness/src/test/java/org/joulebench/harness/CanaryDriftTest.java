package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Canary ratios between two runs, on hand-made canary records (figures are test inputs, not measurements). */
class CanaryDriftTest {

    /** A canary whose kernels' probes are the given seconds per unit, at 4 W (so joules = 4 × seconds). */
    static Canary canary(String method, int threads, double[] cpuSeconds, double[] memorySeconds) {
        return new Canary("fixture-meter", method, 0.5, 3.0, List.of(kernel("cpu-lcg-fma@1", threads, cpuSeconds),
                kernel("memory-stream@1", threads, memorySeconds)));
    }

    private static Canary.Kernel kernel(String id, int threads, double[] seconds) {
        List<Canary.Probe> probes = new java.util.ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            probes.add(new Canary.Probe(i == 0 ? "start" : "probe " + i, seconds[i], 4 * seconds[i]));
        }
        return Canary.Kernel.of(id, "fixture unit", threads, 100, probes);
    }

    static RunResult run(String version, Canary canary) {
        RunInfo info = new RunInfo("fixture-" + version, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:01:00Z"), version, 1, "joulebench run",
                new RunInfo.SuiteInfo("s", "1", "0".repeat(64)), Map.of());
        return new RunResult(RunResult.SCHEMA, info, null, List.of(), null, null, List.of(), List.of(), null,
                List.of(), canary, List.of());
    }

    private static final double[] QUIET_CPU = {0.0020, 0.0021, 0.0020};
    private static final double[] QUIET_MEMORY = {0.0060, 0.0050, 0.0051};

    @Test
    void theRatioIsOfTheMediansPerUnit() {
        RunResult base = run("0.2.0", canary("ESTIMATE", 2, QUIET_CPU, QUIET_MEMORY));
        // Current: the CPU kernel 10 % slower in two of three probes; the memory kernel has one slow burst only.
        RunResult cur = run("0.2.0", canary("ESTIMATE", 2, new double[] {0.0022, 0.0020, 0.0022},
                new double[] {0.0051, 0.0090, 0.0050}));
        CanaryDrift.Measured m = assertInstanceOf(CanaryDrift.Measured.class, CanaryDrift.between(base, cur));
        CanaryDrift.KernelRatio cpu = m.kernels().get(0);
        assertEquals(1.10, cpu.timeRatio(), 1e-9);
        assertEquals(1.10, cpu.energyRatio(), 1e-9);
        CanaryDrift.KernelRatio memory = m.kernels().get(1);
        assertEquals(1.0, memory.timeRatio(), 1e-9, "median 0.0051 on both sides: the burst does not count");
        assertEquals("cpu-lcg-fma@1", m.largest().kernel());
        assertEquals(0.10, m.largest().change(), 1e-9);
        assertTrue(m.figures().startsWith("cpu-lcg-fma@1 time ×1.100 (0.002000 → 0.002200 s/unit), energy ×1.100 "
                + "(0.008000 → 0.008800 J/unit); memory-stream@1 time ×1.000"), m.figures());
        assertNull(m.note());
    }

    @Test
    void theLargestChangeMayBeAFasterMachine() {
        RunResult base = run("0.2.0", canary("ESTIMATE", 2, QUIET_CPU, QUIET_MEMORY));
        RunResult cur = run("0.2.0", canary("ESTIMATE", 2, QUIET_CPU, new double[] {0.0040, 0.0040, 0.0040}));
        CanaryDrift.Measured m = (CanaryDrift.Measured) CanaryDrift.between(base, cur);
        assertEquals("memory-stream@1", m.largest().kernel());
        assertEquals(0.0040 / 0.0051 - 1, m.largest().change(), 1e-9);
    }

    @Test
    void aRunWithoutACanaryCannotBeChecked() {
        Canary c = canary("ESTIMATE", 2, QUIET_CPU, QUIET_MEMORY);
        CanaryDrift.Unchecked u = assertInstanceOf(CanaryDrift.Unchecked.class,
                CanaryDrift.between(run("0.1.0", null), run("0.2.0", c)));
        assertEquals("the baseline run has no canary: written before Joulebench recorded one (by 0.1.0)", u.reason());
        assertEquals("the current run has no canary: written before Joulebench recorded one (by 0.1.0)",
                ((CanaryDrift.Unchecked) CanaryDrift.between(run("0.2.0", c), run("0.1.0", null))).reason());
        assertEquals("neither run has a canary: written before Joulebench recorded one (by 0.1.0 and 0.0.9)",
                ((CanaryDrift.Unchecked) CanaryDrift.between(run("0.1.0", null), run("0.0.9", null))).reason());
    }

    @Test
    void canariesOnOtherThreadsOrKernelsShareNothing() {
        CanaryDrift d = CanaryDrift.between(run("0.2.0", canary("ESTIMATE", 2, QUIET_CPU, QUIET_MEMORY)),
                run("0.2.0", canary("ESTIMATE", 4, QUIET_CPU, QUIET_MEMORY)));
        CanaryDrift.Unchecked u = assertInstanceOf(CanaryDrift.Unchecked.class, d);
        assertTrue(u.reason().startsWith("the runs' canaries share no kernel (baseline cpu-lcg-fma@1 on 2 thread(s)"),
                u.reason());
    }

    @Test
    void energyIsLeftOutWhenTheMethodsDiffer() {
        CanaryDrift.Measured m = (CanaryDrift.Measured) CanaryDrift.between(
                run("0.2.0", canary("ESTIMATE", 2, QUIET_CPU, QUIET_MEMORY)),
                run("0.2.0", canary("COUNTER", 2, QUIET_CPU, QUIET_MEMORY)));
        assertTrue(Double.isNaN(m.kernels().get(0).energyRatio()));
        assertEquals(0.0, m.largest().change(), 1e-12);
        assertEquals("energy not compared: the canaries were metered by ESTIMATE and COUNTER", m.note());
        assertTrue(!m.figures().contains("energy"), m.figures());
    }

    @Test
    void theCanaryIsWrittenAndReadBackAndOldFilesReadWithout() throws IOException {
        RunResult with = run("0.2.0", canary("ESTIMATE", 2, QUIET_CPU, QUIET_MEMORY));
        String json = ResultCodec.toJson(with);
        assertTrue(json.contains("\"median_seconds_per_unit\""), json);
        assertTrue(json.contains("\"seconds_added\" : 3.0"), json);
        RunResult back = ResultCodec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(with.canary(), back.canary());
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ResultCodec.mapper().readTree(json);
        tree.remove("canary");
        String old = tree.toString();
        assertTrue(!old.contains("canary"), old);
        assertNull(ResultCodec.read(new ByteArrayInputStream(old.getBytes(StandardCharsets.UTF_8))).canary());
    }
}
