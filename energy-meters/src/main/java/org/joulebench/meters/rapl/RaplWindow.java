package org.joulebench.meters.rapl;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Window;

/** One window over RAPL counters: the readings at its start, turned into a measurement at its end. */
final class RaplWindow implements Window {

    private final String label;
    private final RaplMeter meter;
    private final ZoneSet zones;
    private final long startNanos;
    private final long[] startUj;
    private final AtomicBoolean ended = new AtomicBoolean();

    RaplWindow(String label, RaplMeter meter, ZoneSet zones, long startNanos, long[] startUj) {
        this.label = label;
        this.meter = meter;
        this.zones = zones;
        this.startNanos = startNanos;
        this.startUj = startUj;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Measurement end() {
        meter.ensureOpen();
        if (!ended.compareAndSet(false, true)) {
            throw new IllegalStateException("window '" + label + "' was already ended");
        }
        long endNanos = meter.nanoTime();
        long[] endUj = meter.readCounters();
        if (endNanos < startNanos) {
            throw new MeterReadException("the clock went backwards in window '" + label + "'");
        }
        List<Zone> list = zones.zones();
        Map<Domain, Long> byDomainUj = new EnumMap<>(Domain.class);
        long totalUj = 0;
        for (int i = 0; i < list.size(); i++) {
            Zone zone = list.get(i);
            long delta = zone.deltaUj(startUj[i], endUj[i]);
            byDomainUj.merge(zone.domain(), delta, Long::sum);
            if (zones.inTotal(zone)) {
                totalUj += delta;
            }
        }
        Map<Domain, Energy> byDomain = new EnumMap<>(Domain.class);
        byDomainUj.forEach((domain, uj) -> byDomain.put(domain, Energy.ofMicrojoules(uj)));
        return new Measurement(label, Method.COUNTER, Duration.ofNanos(endNanos - startNanos), byDomain,
                Energy.ofMicrojoules(totalUj));
    }
}
