package org.joulebench.meters.rapl;

import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterProvider;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Probe;

/**
 * RAPL energy counters (Intel, and AMD on Linux ≥ 5.8) read through the powercap sysfs folder
 * {@link MeterConfig#powercapRoot()}: per-socket package and DRAM, plus core, uncore and psys
 * where the hardware has them.
 */
public final class RaplMeterProvider implements MeterProvider {

    private final ZoneFiles files;

    public RaplMeterProvider() {
        this(ZoneFiles.system());
    }

    RaplMeterProvider(ZoneFiles files) {
        this.files = files;
    }

    @Override
    public String id() {
        return RaplMeter.ID;
    }

    @Override
    public String description() {
        return "RAPL energy counters of CPU packages and DRAM (powercap sysfs)";
    }

    @Override
    public Method method() {
        return Method.COUNTER;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Probe probe(MeterConfig config) {
        try {
            ZoneSet zones = new PowercapScanner(files).scan(config.powercapRoot());
            return Probe.available(zones.zones().size() + " RAPL zones under " + config.powercapRoot() + ": "
                    + String.join(", ", zones.zones().stream().map(z -> z.name() + " (" + z.id() + ")").toList()));
        } catch (MeterUnavailableException e) {
            return Probe.unavailable(e.getMessage(), e.fix());
        }
    }

    @Override
    public Meter open(MeterConfig config) throws MeterUnavailableException {
        ZoneSet zones = new PowercapScanner(files).scan(config.powercapRoot());
        return new RaplMeter(zones, files, config.ticker());
    }
}
