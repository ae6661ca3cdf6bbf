package org.joulebench.meters.jmh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterOptions;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Meters;
import org.joulebench.meters.Window;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports joules per operation per energy domain:
 * {@code -prof org.joulebench.meters.jmh.EnergyProfiler} or, with options,
 * {@code -prof "org.joulebench.meters.jmh.EnergyProfiler:meter=rapl;powercap-root=/sys/class/powercap"}.
 * Options: those of {@link MeterOptions} ({@code meter}, {@code powercap-root}, {@code msr-root},
 * {@code cpu-sys-root}, {@code cpu-vendor}, {@code nvml-lib}, {@code sample-hz}), the same as the command line's. Every label carries the meter's method, so an estimate is never read as a measurement:
 * {@code energy.ESTIMATE.total} (J/op), {@code energy.COUNTER.CPU_PACKAGE} (J/op), {@code power.COUNTER.avg} (W).
 * The meter opens in the constructor, so a meter that cannot work fails the run at once, with the reason.
 */
public final class EnergyProfiler implements InternalProfiler {

    private final Meter meter;
    private Window window;

    public EnergyProfiler() throws ProfilerException {
        this("");
    }

    public EnergyProfiler(String initLine) throws ProfilerException {
        MeterOptions options;
        try {
            options = MeterOptions.parse(initLine, MeterConfig.system());
        } catch (MeterOptions.OptionException e) {
            throw new ProfilerException(e.getMessage() + " — " + e.fix());
        }
        try {
            meter = Meters.open(options.meter(), options.config());
        } catch (MeterUnavailableException e) {
            throw new ProfilerException("meter '" + options.meter() + "' cannot be used: " + e.getMessage() + " — "
                    + e.fix());
        }
    }

    @Override
    public String getDescription() {
        return "Joulebench energy per operation (" + meter.id() + ", " + meter.method() + ": " + meter.boundary() + ")";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        window = meter.begin(benchmarkParams.getBenchmark());
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        Measurement m = window.end();
        window = null;
        long ops = result.getMetadata().getMeasuredOps();
        return results(m, ops);
    }

    /** The figures of one iteration: joules per operation per domain and in total, and average power. */
    List<ScalarResult> results(Measurement m, long ops) {
        List<ScalarResult> out = new ArrayList<>();
        String method = m.method().name();
        if (ops > 0) {
            out.add(new ScalarResult("energy." + method + ".total", m.total().joules() / ops, "J/op",
                    AggregationPolicy.AVG));
            for (Map.Entry<org.joulebench.meters.Domain, Energy> e : m.byDomain().entrySet()) {
                out.add(new ScalarResult("energy." + method + "." + e.getKey().name(), e.getValue().joules() / ops,
                        "J/op", AggregationPolicy.AVG));
            }
        }
        if (m.duration().toNanos() > 0) {
            out.add(new ScalarResult("power." + method + ".avg", m.averagePower().watts(), "W", AggregationPolicy.AVG));
        }
        return out;
    }
}
