package org.joulebench.meters.msr;

import java.util.stream.Collectors;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterProvider;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Probe;

/**
 * RAPL energy counters read straight from the model-specific registers through the msr driver
 * ({@link MeterConfig#msrRoot()}, normally {@code /dev/cpu/N/msr}), one CPU per package: Intel's
 * package, DRAM, PP0, PP1 and PSys registers, or AMD's package and per-core registers. For hosts
 * where the powercap driver is missing; below {@code rapl} in priority, which reads the same
 * counters when both work.
 */
public final class MsrMeterProvider implements MeterProvider {

    private final MsrAccess access;
    private final CpuInfo cpuInfo;

    public MsrMeterProvider() {
        this(MsrAccess.system(), CpuInfo.system());
    }

    MsrMeterProvider(MsrAccess access, CpuInfo cpuInfo) {
        this.access = access;
        this.cpuInfo = cpuInfo;
    }

    @Override
    public String id() {
        return MsrMeter.ID;
    }

    @Override
    public String description() {
        return "RAPL energy counters of CPU packages and DRAM (MSRs via /dev/cpu/*/msr)";
    }

    @Override
    public Method method() {
        return Method.COUNTER;
    }

    @Override
    public int priority() {
        return 90;
    }

    @Override
    public Probe probe(MeterConfig config) {
        MsrCounters counters;
        try {
            counters = new MsrScanner(access, cpuInfo).scan(config);
        } catch (MeterUnavailableException e) {
            return Probe.unavailable(e.getMessage(), e.fix());
        }
        try {
            return Probe.available(counters.vendor().vendor().id() + " RAPL MSRs of " + counters.packages().size()
                    + (counters.packages().size() == 1 ? " package" : " packages") + " under " + counters.root()
                    + " (" + counters.packages().stream().map(p -> "cpu" + p.cpu()).collect(Collectors.joining(", "))
                    + "): " + counters.domains().stream().map(Enum::name).collect(Collectors.joining(", ")));
        } finally {
            counters.close();
        }
    }

    @Override
    public Meter open(MeterConfig config) throws MeterUnavailableException {
        return new MsrMeter(new MsrScanner(access, cpuInfo).scan(config), config.ticker());
    }
}
