package org.joulebench.meters.estimate;

import java.util.function.Supplier;
import org.joulebench.meters.CpuClock;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterProvider;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Probe;

/**
 * An estimate for machines without energy counters: Cloud Carbon Footprint's linear CPU power
 * model driven by this process's CPU time, with coefficients chosen by the CPU's
 * microarchitecture. Its figures are {@link Method#ESTIMATE}s: nothing is measured.
 */
public final class EstimateMeterProvider implements MeterProvider {

    static final String NO_CPU_TIME_FIX = "run on a JVM that reports process CPU time (OpenJDK/HotSpot:"
            + " com.sun.management.OperatingSystemMXBean), or use a measuring meter such as --meter rapl";

    private final Supplier<CpuIdentity> cpu;

    public EstimateMeterProvider() {
        this(OshiCpuIdentity.INSTANCE);
    }

    EstimateMeterProvider(Supplier<CpuIdentity> cpu) {
        this.cpu = cpu;
    }

    @Override
    public String id() {
        return EstimateMeter.ID;
    }

    @Override
    public String description() {
        return "CPU energy estimated from the CPU time of this process and its children with Cloud Carbon Footprint's "
                + "power model (not measured)";
    }

    @Override
    public Method method() {
        return Method.ESTIMATE;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Probe probe(MeterConfig config) {
        try {
            requireCpuTime(config.cpuClock());
            return Probe.available("process CPU time is readable; CCF CPU power model (coefficients chosen"
                    + " from the CPU at open)");
        } catch (MeterUnavailableException e) {
            return Probe.unavailable(e.getMessage(), e.fix());
        }
    }

    @Override
    public Meter open(MeterConfig config) throws MeterUnavailableException {
        requireCpuTime(config.cpuClock());
        CpuIdentity identity = cpu.get();
        return new EstimateMeter(identity, MicroarchitectureMatcher.match(identity), config.ticker(),
                config.cpuClock());
    }

    private static void requireCpuTime(CpuClock clock) throws MeterUnavailableException {
        long nanos = clock.processCpuNanos();
        if (nanos < 0) {
            throw new MeterUnavailableException("process CPU time is not available in this JVM (the CPU clock"
                    + " returned " + nanos + "), and the estimate is driven by it", NO_CPU_TIME_FIX);
        }
    }
}
