package org.joulebench.harness;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.Method;
import org.joulebench.meters.Window;

/**
 * A meter of several domains (or sources) at set powers on a clock the test moves: a window's energy per domain is
 * the power it had when the clock moved, times the advance. Its total is the sum of its domains, as RAPL's package +
 * DRAM; windows shorter than {@code updatePeriod} are flagged.
 */
final class FakeDomainMeter implements Meter {

    /** The clock all fake meters of a test share. */
    static final class Clock {
        long now;
        private final List<FakeDomainMeter> meters = new java.util.ArrayList<>();

        void advance(long nanos) {
            now += nanos;
            for (FakeDomainMeter m : meters) {
                m.accumulate(nanos);
            }
        }
    }

    private final String id;
    private final Method method;
    private final Domain domain;
    private final Clock clock;
    private final Duration updatePeriod;
    /** Watts by source; the domain is their sum (one source: the domain's own name). */
    final Map<String, Double> watts = new LinkedHashMap<>();
    private final Map<Domain, Double> otherWatts = new EnumMap<>(Domain.class);
    private final Map<String, Double> joules = new LinkedHashMap<>();
    private final Map<Domain, Double> otherJoules = new EnumMap<>(Domain.class);

    FakeDomainMeter(String id, Method method, Domain domain, Clock clock, Duration updatePeriod) {
        this.id = id;
        this.method = method;
        this.domain = domain;
        this.clock = clock;
        this.updatePeriod = updatePeriod;
        clock.meters.add(this);
    }

    /** Sets the power of one source of the meter's main domain. */
    FakeDomainMeter source(String name, double w) {
        watts.put(name, w);
        joules.putIfAbsent(name, 0.0);
        return this;
    }

    /** Sets the power of a second domain the meter reports (DRAM beside the package). */
    FakeDomainMeter also(Domain d, double w) {
        otherWatts.put(d, w);
        otherJoules.putIfAbsent(d, 0.0);
        return this;
    }

    private void accumulate(long nanos) {
        watts.forEach((k, w) -> joules.merge(k, w * nanos / 1e9, Double::sum));
        otherWatts.forEach((k, w) -> otherJoules.merge(k, w * nanos / 1e9, Double::sum));
    }

    @Override public String id() { return id; }
    @Override public Method method() { return method; }
    @Override public List<Domain> domains() {
        List<Domain> d = new java.util.ArrayList<>(List.of(domain));
        d.addAll(otherWatts.keySet());
        return d;
    }
    @Override public String boundary() { return id + " boundary"; }
    @Override public Map<String, Object> details() { return Map.of(); }
    @Override public Duration updatePeriod() { return updatePeriod; }
    @Override public void close() { }

    @Override
    public Window begin(String label) {
        long start = clock.now;
        Map<String, Double> j0 = new LinkedHashMap<>(joules);
        Map<Domain, Double> o0 = new EnumMap<>(otherJoules);
        return new Window() {
            @Override public String label() { return label; }

            @Override
            public Measurement end() {
                Duration d = Duration.ofNanos(clock.now - start);
                Map<String, Energy> sources = new LinkedHashMap<>();
                double main = 0;
                for (var e : joules.entrySet()) {
                    double j = e.getValue() - j0.getOrDefault(e.getKey(), 0.0);
                    sources.put(e.getKey(), Energy.ofJoules(j));
                    main += j;
                }
                Map<Domain, Energy> byDomain = new EnumMap<>(Domain.class);
                byDomain.put(domain, Energy.ofJoules(main));
                double total = main;
                for (var e : otherJoules.entrySet()) {
                    double j = e.getValue() - o0.getOrDefault(e.getKey(), 0.0);
                    byDomain.put(e.getKey(), Energy.ofJoules(j));
                    total += j;
                }
                java.util.Set<Measurement.Flag> flags = d.compareTo(updatePeriod) < 0
                        ? java.util.Set.of(Measurement.Flag.SHORTER_THAN_UPDATE_PERIOD) : java.util.Set.of();
                return new Measurement(label, method, d, byDomain, Energy.ofJoules(total), flags,
                        sources.size() > 1 ? sources : Map.of());
            }
        };
    }
}
