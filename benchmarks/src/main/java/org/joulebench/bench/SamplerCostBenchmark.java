package org.joulebench.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Meters;
import org.joulebench.meters.Sampler;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sampler's CPU cost: a {@link Sampler} polls a RAPL meter on a fake powercap tree ({@link FakeHardware}) at
 * {@code hz} while the benchmark thread sleeps through a fixed wall period of {@value #PERIOD_SECONDS} s; each
 * invocation reports, as secondary results in percent of one core over that period:
 * <ul>
 *   <li>{@code samplerThread}: the CPU time of the sampler's thread ({@value Sampler#THREAD_NAME}): what sampling
 *       costs, measured on the thread itself (NaN at {@code hz} 0, where there is none);</li>
 *   <li>{@code wrapGuardThread}: the CPU time of the RAPL meter's own wrap guard, which runs with or without a
 *       sampler (its rate is set by the counter's wrap time, not by {@code hz});</li>
 *   <li>{@code process}: the whole JVM's CPU time (JIT, GC and JMH's own threads included): compare {@code hz} 10 and
 *       100 with {@code hz} 0 (no sampler) for the sampler's whole cost, noise included.</li>
 * </ul>
 * The primary score (the wall time of the sleep) only shows that the period was kept. The goal: at most 0.5 % of a
 * core at 10 Hz.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@org.openjdk.jmh.annotations.Measurement(iterations = 3)
@Fork(1)
public class SamplerCostBenchmark {

    static final int PERIOD_SECONDS = 5;

    /** Polls per second; 0 runs no sampler (the baseline of {@code process}). */
    @Param({"0", "10", "100"})
    public int hz;

    private FakeHardware hardware;
    private Meter meter;
    private Sampler sampler;

    /** CPU time in percent of one core over the invocation's wall period. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class CpuShare {
        public double samplerThread;
        public double wrapGuardThread;
        public double process;

        @Setup(Level.Invocation)
        public void reset() {
            samplerThread = 0;
            wrapGuardThread = 0;
            process = 0;
        }
    }

    @Setup(Level.Trial)
    public void start() throws IOException, MeterUnavailableException {
        hardware = FakeHardware.create();
        meter = Meters.open("rapl", hardware.powercap());
        meter.poll(); // starts the wrap guard, as a run's first window does
        if (hz > 0) {
            sampler = new Sampler(List.of(meter), hardware.powercap().withSampleHz(hz));
            sampler.start();
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        if (sampler != null) {
            sampler.close();
        }
        meter.close();
        hardware.close();
    }

    @Benchmark
    public long wallPeriod(CpuShare share) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long samplerId = threadId(Sampler.THREAD_NAME);
        long guardId = threadId("joulebench-rapl-wrap-guard");
        long sampler0 = cpu(threads, samplerId);
        long guard0 = cpu(threads, guardId);
        long process0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(PERIOD_SECONDS);
        for (long now = start; now < end; now = System.nanoTime()) {
            LockSupport.parkNanos(end - now);
        }
        long wall = System.nanoTime() - start;
        // NaN, not 0, where no sampler ran (hz 0): there was nothing to measure
        share.samplerThread = samplerId < 0 ? Double.NaN : 100.0 * (cpu(threads, samplerId) - sampler0) / wall;
        share.wrapGuardThread = 100.0 * (cpu(threads, guardId) - guard0) / wall;
        share.process = 100.0 * (os.getProcessCpuTime() - process0) / wall;
        return wall;
    }

    /** The id of the live thread of that name; -1 if none (its CPU time then reads 0: it spent none). */
    private static long threadId(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                .mapToLong(Thread::getId).findFirst().orElse(-1);
    }

    private static long cpu(ThreadMXBean threads, long id) {
        return id < 0 ? 0 : Math.max(0, threads.getThreadCpuTime(id));
    }
}
