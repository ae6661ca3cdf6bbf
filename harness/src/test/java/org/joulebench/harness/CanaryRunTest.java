package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.joulebench.meters.Ticker;
import org.junit.jupiter.api.Test;

/** The canary's sizing, probes and medians on a hand-moved clock: no real time is measured. */
class CanaryRunTest {

    /** A kernel whose every unit moves the fake clock by {@code nanosPerUnit}. */
    static final class ClockKernel implements CanaryKernel {
        final FakeTickerMeter clock;
        final String id;
        long nanosPerUnit;
        final List<Long> runs = new ArrayList<>();

        ClockKernel(FakeTickerMeter clock, String id, long nanosPerUnit) {
            this.clock = clock;
            this.id = id;
            this.nanosPerUnit = nanosPerUnit;
        }

        @Override public String id() { return id; }
        @Override public String unit() { return "one tick"; }
        @Override public int threads() { return 1; }

        @Override
        public long run(long units) {
            runs.add(units);
            clock.advance(units * nanosPerUnit);
            return units;
        }
    }

    private final FakeTickerMeter clock = new FakeTickerMeter(10);

    private CanaryRun canary(CanaryKernel... kernels) {
        return new CanaryRun(List.of(kernels), clock, clock, Duration.ofMillis(500), () -> { });
    }

    @Test
    void unitsAreSizedOnceToTheTargetAndKeptForEveryProbe() {
        ClockKernel cpu = new ClockKernel(clock, "cpu", 3_000_000);
        CanaryRun run = canary(cpu);
        run.start();
        // Doubling 1, 2, … 32 units reaches an eighth of 500 ms at 96 ms; timed again, 500 / 3 ms → 167 units.
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 32L, 167L), cpu.runs);
        run.probe("after repetition 1");
        cpu.nanosPerUnit = 6_000_000; // the machine got twice as slow: the units stay, the time per unit doubles
        run.probe("end");
        assertEquals(167L, cpu.runs.get(cpu.runs.size() - 1));
        Canary.Kernel k = run.record().kernels().get(0);
        assertEquals(167, k.units());
        assertEquals(List.of("start", "after repetition 1", "end"), k.probes().stream().map(Canary.Probe::at).toList());
        assertEquals(0.006, k.probes().get(2).secondsPerUnit(), 1e-12);
        assertEquals(0.06, k.probes().get(2).joulesPerUnit(), 1e-12, "10 W × 6 ms");
    }

    @Test
    void theMedianIgnoresOneProbeThatABurstSlowed() {
        ClockKernel cpu = new ClockKernel(clock, "cpu", 2_000_000);
        CanaryRun run = canary(cpu);
        run.start();
        run.probe("after repetition 1");
        cpu.nanosPerUnit = 5_000_000;
        run.probe("after repetition 2");
        cpu.nanosPerUnit = 2_000_000;
        run.probe("end");
        Canary.Kernel k = run.record().kernels().get(0);
        assertEquals(4, k.probes().size());
        assertEquals(0.002, k.medianSecondsPerUnit(), 1e-12);
        assertEquals(0.02, k.medianJoulesPerUnit(), 1e-12);
    }

    @Test
    void theTimeAddedCountsCalibrationAndProbes() {
        ClockKernel cpu = new ClockKernel(clock, "cpu", 3_000_000);
        ClockKernel memory = new ClockKernel(clock, "memory", 10_000_000);
        CanaryRun run = canary(cpu, memory);
        run.start();
        run.probe("end");
        Canary c = run.record();
        assertEquals(clock.now / 1e9, c.secondsAdded(), 1e-12);
        assertEquals(List.of("cpu", "memory"), c.kernels().stream().map(Canary.Kernel::kernel).toList());
        assertEquals(50, c.kernels().get(1).units(), "500 ms / 10 ms");
        assertEquals("fake-clock", c.meter());
        assertEquals("COUNTER", c.method());
        assertEquals(0.5, c.targetSeconds());
    }

    @Test
    void aMeterThatFailsCostsOneProbeAndSaysSo() {
        ClockKernel cpu = new ClockKernel(clock, "cpu", 3_000_000);
        CanaryRun run = canary(cpu);
        run.start();
        clock.failNext = true;
        run.probe("after repetition 1");
        run.probe("end");
        assertEquals(List.of("start", "end"),
                run.record().kernels().get(0).probes().stream().map(Canary.Probe::at).toList());
        assertEquals(1, run.warnings().size());
        assertTrue(run.warnings().get(0).contains("after repetition 1 probe of cpu was not recorded"),
                run.warnings().get(0));
        assertTrue(run.warnings().get(0).contains("fake counter reset"), run.warnings().get(0));
    }

    @Test
    void aProbeBeforeStartIsAnError() {
        CanaryRun run = canary(new ClockKernel(clock, "cpu", 1_000_000));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run.probe("end"));
        assertTrue(e.getMessage().contains("call start() before probe(\"end\")"), e.getMessage());
    }

    @Test
    void theRealKernelsRunAndProduceARecord() {
        // The real kernels (a small memory buffer) on a clock that moves 1 ms per read: one unit per probe.
        long[] fakeNanos = {0};
        Ticker ticker = () -> fakeNanos[0] += 1_000_000;
        try (ThreadsForCanary pool = new ThreadsForCanary(2)) {
            CanaryRun run = new CanaryRun(List.of(new CanaryCpuKernel(pool), new CanaryMemoryKernel(pool, 4096)),
                    clock, ticker, Duration.ofNanos(8), () -> { });
            run.start();
            long afterStart = run.checksum();
            run.probe("end");
            assertNotEquals(afterStart, run.checksum(), "every probe's work feeds the checksum");
            Canary c = run.record();
            assertEquals(List.of("cpu-lcg-fma@1", "memory-stream@1/4096"),
                    c.kernels().stream().map(Canary.Kernel::kernel).toList());
            for (Canary.Kernel k : c.kernels()) {
                assertEquals(2, k.threads());
                assertEquals(1, k.units());
                assertEquals(2, k.probes().size());
            }
            assertTrue(c.kernels().get(1).unit().contains("split over 2 thread(s)"), c.kernels().get(1).unit());
        }
    }

    @Test
    void theKernelsAreDeterministic() {
        try (ThreadsForCanary pool = new ThreadsForCanary(2)) {
            CanaryCpuKernel cpu = new CanaryCpuKernel(pool);
            assertEquals(cpu.run(2), cpu.run(2));
            assertNotEquals(cpu.run(1), cpu.run(2));
            CanaryMemoryKernel memory = new CanaryMemoryKernel(pool, 1000);
            assertEquals(memory.run(3), memory.run(3));
            assertNotEquals(memory.run(1), memory.run(3));
        }
    }
}
