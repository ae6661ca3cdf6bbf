package org.joulebench.meters.rapl;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Window;

/**
 * One window over RAPL counters: the meter's accumulated (unwrapped) counters at its start, turned
 * into a measurement at its end.
 */
final class RaplWindow implements Window {

    private final String label;
    private final RaplMeter meter;
    private final ZoneSet zones;
    private final RaplMeter.Reading start;
    private final AtomicBoolean ended = new AtomicBoolean();

    RaplWindow(String label, RaplMeter meter, ZoneSet zones, RaplMeter.Reading start) {
        this.label = label;
        this.meter = meter;
        this.zones = zones;
        this.start = start;
    }

    @Override
    public String label() {
        return label;
    }

    /**
     * Ends the window.
     *
     * @throws org.joulebench.meters.CounterResetException when a zone's counter was reset within the window
     */
    @Override
    public Measurement end() {
        meter.ensureOpen();
        if (!ended.compareAndSet(false, true)) {
            throw new IllegalStateException("window '" + label + "' was already ended");
        }
        RaplMeter.Reading end = meter.readUnwrapped();
        if (end.nanos() < start.nanos()) {
            throw new MeterReadException("the clock went backwards in window '" + label + "'");
        }
        meter.throwIfReset(start, end);
        List<Zone> list = zones.zones();
        Map<Domain, Long> byDomainUj = new EnumMap<>(Domain.class);
        long totalUj = 0;
        for (int i = 0; i < list.size(); i++) {
            Zone zone = list.get(i);
            long delta = end.unwrappedUj()[i] - start.unwrappedUj()[i];
            byDomainUj.merge(zone.domain(), delta, Long::sum);
            if (zones.inTotal(zone)) {
                totalUj += delta;
            }
        }
        Map<Domain, Energy> byDomain = new EnumMap<>(Domain.class);
        byDomainUj.forEach((domain, uj) -> byDomain.put(domain, Energy.ofMicrojoules(uj)));
        Duration duration = Duration.ofNanos(end.nanos() - start.nanos());
        Set<Measurement.Flag> flags = duration.compareTo(meter.updatePeriod()) < 0
                ? Set.of(Measurement.Flag.SHORTER_THAN_UPDATE_PERIOD)
                : Set.of();
        return new Measurement(label, Method.COUNTER, duration, byDomain, Energy.ofMicrojoules(totalUj), flags);
    }
}
