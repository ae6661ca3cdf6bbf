package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.joulebench.meters.Domain;
import org.joulebench.meters.MeterSet;
import org.joulebench.meters.Method;
import org.junit.jupiter.api.Test;

/**
 * A run's meters read together: a CPU meter (package + DRAM, counters) and a GPU meter (two boards, power
 * integration, 100 ms update period) on one clock the test moves.
 */
class RunEnergyTest {

    private static final long MS = 1_000_000L;

    private static final CpuTimes NO_CPU_TIMES = new CpuTimes() {
        @Override public long processNanos() { return -1; }
        @Override public long machineBusyNanos() { return -1; }
    };

    private final FakeDomainMeter.Clock clock = new FakeDomainMeter.Clock();
    private final FakeDomainMeter cpu = new FakeDomainMeter("cpu", Method.COUNTER, Domain.CPU_PACKAGE, clock,
            Duration.ofMillis(1)).source("package", 15).also(Domain.DRAM, 3);
    private final FakeDomainMeter gpu = new FakeDomainMeter("gpu", Method.POWER_INTEGRATION, Domain.GPU, clock,
            Duration.ofMillis(100)).source("GPU-a", 20).source("GPU-b", 10);
    private final MeterSet set = MeterSet.of(List.of(cpu, gpu));

    /** Idle: 15 W package, 3 W DRAM, 30 W over both boards; then load raises each. */
    private RunEnergy energy() {
        MeterSet.Windows w = set.begin("idle");
        clock.advance(1000 * MS);
        IdleBaseline idle = RunEnergy.idle(set, w.end());
        assertEquals(18, idle.watts(), 1e-9, "the first meter's total is the baseline's own figure");
        assertEquals(30, idle.of("gpu").watts(), 1e-9);
        assertEquals(Map.of("cpu_package", 15.0, "dram", 3.0), idle.of("cpu").wattsByDomain());
        cpu.source("package", 40).also(Domain.DRAM, 8);
        gpu.source("GPU-a", 150).source("GPU-b", 50);
        return new RunEnergy(set, idle);
    }

    @Test
    void eachDomainIsNetOfItsOwnMetersIdleAndNothingIsAddedAcrossMeters() {
        RunEnergy energy = energy();
        MeterSet.Windows w = energy.begin("q");
        clock.advance(500 * MS);
        RunEnergy.Figures f = energy.figures(w.end(), energy.headline("cpu"));
        assertEquals(24, f.gross(), 1e-9, "headline of a CPU row: the CPU meter's total (package + DRAM), no GPU");
        assertEquals(24 - 18 * 0.5, f.net(), 1e-9);
        assertEquals(List.of("cpu_package", "dram", "gpu"), List.copyOf(f.domains().keySet()));
        DomainJoules pkg = f.domains().get("cpu_package");
        assertEquals(20, pkg.gross(), 1e-9);
        assertEquals(20 - 15 * 0.5, pkg.net(), 1e-9);
        assertEquals("COUNTER", pkg.method());
        DomainJoules g = f.domains().get("gpu");
        assertEquals("gpu", g.meter());
        assertEquals("POWER_INTEGRATION", g.method());
        assertEquals(100, g.gross(), 1e-9);
        assertEquals(100 - 30 * 0.5, g.net(), 1e-9);
        assertEquals(Map.of("GPU-a", 75.0, "GPU-b", 25.0), g.sources(), "each board's share");
        assertEquals(java.util.Set.of(), f.shortMeters());
    }

    @Test
    void aRowOnAGpuHasTheGpuMetersTotalAsItsHeadline() {
        RunEnergy energy = energy();
        assertEquals(1, energy.headline("cuda:0"));
        assertEquals(1, energy.headline("remote:127.0.0.1:8080"), "a server on this host's loopback");
        assertEquals(0, energy.headline("remote:api.example.com"), "a server elsewhere: this host's CPU side");
        assertEquals(0, energy.headline("cpu"));
        MeterSet.Windows w = energy.begin("q");
        clock.advance(500 * MS);
        RunEnergy.Figures f = energy.figures(w.end(), energy.headline("cuda"));
        assertEquals(100, f.gross(), 1e-9);
        assertEquals(85, f.net(), 1e-9);
        assertNull(energy.missingGpuMeter("cuda:0"));
    }

    @Test
    void aGpuRowWithoutAGpuMeterSaysItsHeadlineLeavesTheGpuOut() {
        MeterSet cpuOnly = MeterSet.of(List.of(cpu));
        MeterSet.Windows w = cpuOnly.begin("idle");
        clock.advance(100 * MS);
        RunEnergy energy = new RunEnergy(cpuOnly, RunEnergy.idle(cpuOnly, w.end()));
        assertEquals(0, energy.headline("cuda:0"));
        String why = energy.missingGpuMeter("cuda:0");
        assertNotNull(why);
        assertTrue(why.contains("no GPU meter"), why);
    }

    @Test
    void queriesShorterThanTheGpuMetersPeriodTakeTheirShareOfThePassForTheGpuOnly() {
        RunEnergy energy = energy();
        Pass pass = Pass.begin(energy, 0, NO_CPU_TIMES, "pass", new Pass.Row("t", "m", "b"), 1);
        RunControl control = RunControl.none();
        for (String item : List.of("a", "b")) {
            pass.query(control, 1, item, () -> {
                MeterSet.Windows w = energy.begin(item);
                clock.advance(20 * MS);
                RunEnergy.Figures f = energy.figures(w.end(), 0);
                return new Pass.Query(new TaskModelAggregator.Sample(1, item, 4, f.gross(), f.net(), f.seconds(), 20,
                        new Score(1, Map.of()), false, null, 0, f.domains()), f.shortMeters());
            });
            // between the queries the boards draw more: their own windows would not see it, the pass window does
            gpu.source("GPU-a", 350).source("GPU-b", 50);
            clock.advance(20 * MS);
        }
        TaskModelAggregator a = new TaskModelAggregator();
        pass.end(a, control.faults());
        List<QueryRecord> records = a.records("t", "m", "b", "COUNTER");
        // pass: 80 ms; GPU: 200 W for 20 ms, then 400 W for 60 ms = 4 + 24 = 28 J; a query's 20 ms share is 7 J
        for (QueryRecord q : records) {
            assertEquals("measured", q.energy(), "the headline (CPU) windows were long enough");
            assertEquals(0.96, q.joulesGross(), 1e-9, "48 W × 20 ms, its own window");
            DomainJoules g = q.domains().get("gpu");
            assertTrue(g.apportioned());
            assertEquals(7, g.gross(), 1e-9);
            assertEquals(7 - 30 * 0.02, g.net(), 1e-9);
            assertFalse(q.domains().get("cpu_package").apportioned());
        }
        assertEquals(6.0, records.get(0).domains().get("gpu").sources().get("GPU-a"), 1e-9,
                "boards keep their shares: GPU-a drew 3 + 21 = 24 of the pass's 28 J, a quarter of it");
    }
}
