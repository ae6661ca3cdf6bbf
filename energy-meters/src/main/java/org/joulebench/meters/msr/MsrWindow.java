package org.joulebench.meters.msr;

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

/** One window over RAPL MSR counters: the readings at its start, turned into a measurement at its end. */
final class MsrWindow implements Window {

    private final String label;
    private final MsrMeter meter;
    private final MsrCounters counters;
    private final long startNanos;
    private final long[] startCounts;
    private final AtomicBoolean ended = new AtomicBoolean();

    MsrWindow(String label, MsrMeter meter, MsrCounters counters, long startNanos, long[] startCounts) {
        this.label = label;
        this.meter = meter;
        this.counters = counters;
        this.startNanos = startNanos;
        this.startCounts = startCounts;
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
        long[] endCounts = meter.readCounters();
        if (endNanos < startNanos) {
            throw new MeterReadException("the clock went backwards in window '" + label + "'");
        }
        List<Counter> list = counters.counters();
        Map<Domain, Energy> byDomain = new EnumMap<>(Domain.class);
        Energy total = Energy.ZERO;
        for (int i = 0; i < list.size(); i++) {
            Counter counter = list.get(i);
            long counts = Counter.deltaCounts(startCounts[i], endCounts[i]);
            Energy energy = Energy.ofJoules(counts * counter.pkg().energyUnitJoules());
            byDomain.merge(counter.register().domain(), energy, Energy::plus);
            if (counters.inTotal(counter)) {
                total = total.plus(energy);
            }
        }
        return new Measurement(label, Method.COUNTER, Duration.ofNanos(endNanos - startNanos), byDomain, total);
    }
}
