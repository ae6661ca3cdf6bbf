package org.joulebench.meters.estimate;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.joulebench.meters.CpuClock;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Power;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;

/** An open estimate: reads wall time and process CPU time at both ends of each window. */
final class EstimateMeter implements Meter {

    static final String ID = "estimate";
    static final String BOUNDARY = "CPU package of this host, estimated from the CPU time of this process and the processes "
            + "it started (ESTIMATE, not measured)";
    /** Fleet-average coefficients: per-machine error is commonly tens of percent. */
    static final double RELATIVE_UNCERTAINTY = 0.5;

    private final CpuPowerModel model;
    private final Ticker ticker;
    private final CpuClock cpuClock;
    private final Map<String, Object> details;
    private volatile boolean closed;

    // guarded by this: wall and CPU time at the previous poll; none before the first
    private boolean polled;
    private long lastPollNanos;
    private long lastPollCpuNanos;

    EstimateMeter(CpuIdentity cpu, CoefficientMatch match, Ticker ticker, CpuClock cpuClock) {
        this.model = CpuPowerModel.of(match.row(), cpu.logicalCpus());
        this.ticker = ticker;
        this.cpuClock = cpuClock;
        this.details = buildDetails(cpu, match, model);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Method method() {
        return Method.ESTIMATE;
    }

    @Override
    public List<Domain> domains() {
        return List.of(Domain.CPU_PACKAGE);
    }

    @Override
    public String boundary() {
        return BOUNDARY;
    }

    @Override
    public Map<String, Object> details() {
        return details;
    }

    @Override
    public OptionalDouble relativeUncertainty() {
        return OptionalDouble.of(RELATIVE_UNCERTAINTY);
    }

    @Override
    public Window begin(String label) {
        Objects.requireNonNull(label, "label");
        ensureOpen();
        return new EstimateWindow(label, this, ticker.nanoTime(), cpuNanos());
    }

    /** Process CPU time is read on demand: there is no update period. */
    @Override
    public Duration updatePeriod() {
        return Duration.ZERO;
    }

    /**
     * The model's average power since the previous poll: {@code min_w × vcpus + (max_w − min_w) ×
     * cpu_s / wall_s}, from the wall and process CPU time that passed. Empty on the first poll and
     * when no wall time passed.
     */
    @Override
    public Map<Domain, Power> poll() {
        ensureOpen();
        synchronized (this) {
            long now = ticker.nanoTime();
            long cpu = cpuNanos();
            boolean first = !polled;
            long wall = now - lastPollNanos;
            long used = cpu - lastPollCpuNanos;
            polled = true;
            lastPollNanos = now;
            lastPollCpuNanos = cpu;
            if (first || wall <= 0) {
                return Map.of();
            }
            if (used < 0) {
                throw new MeterReadException("process CPU time went backwards between two polls (by " + -used
                        + " ns)");
            }
            Duration wallTime = Duration.ofNanos(wall);
            return Map.of(Domain.CPU_PACKAGE, model.energy(wallTime, Duration.ofNanos(used)).over(wallTime));
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("meter " + ID + " is closed");
        }
    }

    long nanoTime() {
        return ticker.nanoTime();
    }

    long cpuNanos() {
        long nanos = cpuClock.processCpuNanos();
        if (nanos < 0) {
            throw new MeterReadException("process CPU time became unavailable (the CPU clock returned " + nanos + ")");
        }
        return nanos;
    }

    CpuPowerModel model() {
        return model;
    }

    private static Map<String, Object> buildDetails(CpuIdentity cpu, CoefficientMatch match, CpuPowerModel model) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", "CCF-style linear CPU power model");
        d.put("formula", "E = min_w × vcpus × t + (max_w − min_w) × process_cpu_s");
        d.put("min_w_per_vcpu", model.minPerVcpu().watts());
        d.put("max_w_per_vcpu", model.maxPerVcpu().watts());
        d.put("vcpus", model.vcpus());
        d.put(org.joulebench.meters.Meter.MAX_POWER_W, model.maxPerVcpu().watts() * model.vcpus());
        d.put("cpu", cpu.name());
        d.put("vendor", cpu.vendor());
        d.put("cpuid_family", cpu.family());
        d.put("cpuid_model", cpu.model());
        d.put("microarchitecture", cpu.microarchitecture());
        d.put("matched_row", match.row().label());
        d.put("match", match.fit());
        d.put("match_reason", match.reason());
        d.put("source", match.row().source());
        d.put("relative_uncertainty", RELATIVE_UNCERTAINTY);
        d.put("uncertainty_note", "fleet-average coefficients; per-machine error is commonly tens of percent;"
                + " no energy was measured");
        d.put("idle_note", "min_w × vcpus × t is the host's idle share; subtract the idle baseline for net energy");
        return Collections.unmodifiableMap(d);
    }
}
