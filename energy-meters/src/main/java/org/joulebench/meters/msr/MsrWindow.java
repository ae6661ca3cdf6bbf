package org.joulebench.meters.msr;

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
 * One window over RAPL MSR counters: the meter's accumulated (unwrapped) counts at its start,
 * turned into a measurement at its end.
 */
final class MsrWindow implements Window {

    private final String label;
    private final MsrMeter meter;
    private final MsrCounters counters;
    private final MsrMeter.Reading start;
    private final AtomicBoolean ended = new AtomicBoolean();

    MsrWindow(String label, MsrMeter meter, MsrCounters counters, MsrMeter.Reading start) {
        this.label = label;
        this.meter = meter;
        this.counters = counters;
        this.start = start;
    }

    @Override
    public String label() {
        return label;
    }

    /**
     * Ends the window.
     *
     * @throws org.joulebench.meters.CounterResetException when a counter was reset within the window
     */
    @Override
    public Measurement end() {
        meter.ensureOpen();
        if (!ended.compareAndSet(false, true)) {
            throw new IllegalStateException("window '" + label + "' was already ended");
        }
        MsrMeter.Reading end = meter.readUnwrapped();
        if (end.nanos() < start.nanos()) {
            throw new MeterReadException("the clock went backwards in window '" + label + "'");
        }
        meter.throwIfReset(start, end);
        List<Counter> list = counters.counters();
        Map<Domain, Energy> byDomain = new EnumMap<>(Domain.class);
        Energy total = Energy.ZERO;
        for (int i = 0; i < list.size(); i++) {
            Counter counter = list.get(i);
            long counts = end.unwrappedCounts()[i] - start.unwrappedCounts()[i];
            Energy energy = Energy.ofJoules(counts * counter.joulesPerCount());
            byDomain.merge(counter.register().domain(), energy, Energy::plus);
            if (counters.inTotal(counter)) {
                total = total.plus(energy);
            }
        }
        Duration duration = Duration.ofNanos(end.nanos() - start.nanos());
        Set<Measurement.Flag> flags = duration.compareTo(meter.updatePeriod()) < 0
                ? Set.of(Measurement.Flag.SHORTER_THAN_UPDATE_PERIOD)
                : Set.of();
        return new Measurement(label, Method.COUNTER, duration, byDomain, total, flags);
    }
}
