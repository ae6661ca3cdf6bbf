package org.joulebench.bench;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.joulebench.meters.Domain;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Meters;
import org.joulebench.meters.Power;
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
 * What one read of the energy counters costs, through the meters' public API on fake files ({@link FakeHardware}):
 * {@link Meter#poll()} reads every counter of the meter once (one file here: a powercap zone's {@code energy_uj}, or
 * the package register of an MSR device) and turns it into power, as the sampler and the wrap guard do; a window
 * ({@code begin} then {@code end}) reads them twice and makes a {@link Measurement}, as the harness does per query.
 * The goal: a counter read within 10 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@org.openjdk.jmh.annotations.Measurement(iterations = 3, time = 1)
@Fork(1)
public class MeterReadBenchmark {

    /** {@code rapl}: the powercap tree; {@code msr}: the MSR device. */
    @Param({"rapl", "msr"})
    public String meter;

    private FakeHardware hardware;
    private Meter open;

    @Setup(Level.Trial)
    public void open() throws IOException, MeterUnavailableException {
        hardware = FakeHardware.create();
        open = Meters.open(meter, meter.equals("rapl") ? hardware.powercap() : hardware.msr());
        open.poll(); // the first poll only starts the series (and the meter's wrap guard)
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        open.close();
        hardware.close();
    }

    /** One read of every counter (one here), as power since the previous read. */
    @Benchmark
    public Map<Domain, Power> counterRead() {
        return open.poll();
    }

    /** A window: both ends read the counters; the end makes the measurement. */
    @Benchmark
    public Measurement window() {
        return open.begin("query").end();
    }
}
