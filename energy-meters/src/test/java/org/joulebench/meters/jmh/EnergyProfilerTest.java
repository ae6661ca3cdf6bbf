package org.joulebench.meters.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Method;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

class EnergyProfilerTest {

    @Test
    void dividesEachDomainByTheOperations() throws ProfilerException {
        EnergyProfiler p = new EnergyProfiler("meter=estimate");
        Measurement m = new Measurement("x", Method.COUNTER, Duration.ofSeconds(2),
                Map.of(Domain.CPU_PACKAGE, Energy.ofJoules(8), Domain.DRAM, Energy.ofJoules(2)), Energy.ofJoules(10));
        Map<String, Double> byLabel = new java.util.HashMap<>();
        p.results(m, 1000).forEach(r -> byLabel.put(r.getLabel(), r.getScore()));
        assertEquals(0.01, byLabel.get("energy.COUNTER.total"), 1e-15);
        assertEquals(0.008, byLabel.get("energy.COUNTER.CPU_PACKAGE"), 1e-15);
        assertEquals(0.002, byLabel.get("energy.COUNTER.DRAM"), 1e-15);
        assertEquals(5.0, byLabel.get("power.COUNTER.avg"), 1e-12);
    }

    @Test
    void anUnavailableMeterFailsAtOnceWithTheReason() {
        ProfilerException e = assertThrows(ProfilerException.class,
                () -> new EnergyProfiler("meter=rapl;powercap-root=/nonexistent/powercap"));
        assertTrue(e.getMessage().contains("no powercap folder"), e.getMessage());
        assertThrows(ProfilerException.class, () -> new EnergyProfiler("colour=blue"));
        assertThrows(ProfilerException.class, () -> new EnergyProfiler("meter"));
    }

    @Test
    void reportsJoulesPerOperationInARealJmhRun() throws Exception {
        Collection<RunResult> runs = new Runner(new OptionsBuilder()
                .include(SpinBenchmark.class.getName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .addProfiler(EnergyProfiler.class, "meter=estimate")
                .build()).run();
        RunResult run = runs.iterator().next();
        Map<String, Result> secondary = run.getSecondaryResults();
        Result perOp = secondary.get("energy.ESTIMATE.total");
        assertTrue(perOp != null, "secondary results: " + secondary.keySet());
        assertEquals("J/op", perOp.getScoreUnit());
        assertTrue(perOp.getScore() > 0, "J/op " + perOp.getScore());
        assertTrue(secondary.containsKey("energy.ESTIMATE.CPU_PACKAGE"));
        assertTrue(List.of("W").contains(secondary.get("power.ESTIMATE.avg").getScoreUnit()));
    }
}
