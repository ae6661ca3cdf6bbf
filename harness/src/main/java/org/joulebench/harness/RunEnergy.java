package org.joulebench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterSet;

/**
 * How a run turns one window over its meters into figures. A row's <b>headline</b> (results' J/query and J/token,
 * queries.csv's {@code joules_gross}/{@code joules_net}) is one meter's total: the GPU meter's for a model on a GPU
 * ({@code cuda} device, or a server on this host's loopback while a GPU meter works), the CPU meter's otherwise. Beside
 * it, each domain of {@link #DOMAINS} comes from the first meter that reports it, less that meter's own idle power for
 * the domain. Figures of different meters are never added.
 */
final class RunEnergy {

    /** The domains of queries.csv's column pairs, in column order. */
    static final List<String> DOMAINS = List.of("cpu_package", "dram", "gpu");

    private final MeterSet meters;
    private final IdleBaseline idle;
    /** By meter id, passes whose own window was shorter than the meter's update period. */
    private final Map<String, Integer> shortPasses = new LinkedHashMap<>();

    RunEnergy(MeterSet meters, IdleBaseline idle) {
        this.meters = meters;
        this.idle = idle;
    }

    /** The column name of a meter domain, or null for domains that lie inside or around others (core, uncore, psys). */
    static String key(Domain d) {
        return switch (d) {
            case CPU_PACKAGE -> "cpu_package";
            case DRAM -> "dram";
            case GPU -> "gpu";
            default -> null;
        };
    }

    /**
     * The meter whose total is the headline of a row on {@code device}: the first GPU meter for a model on a GPU
     * ({@code cuda…}) or behind a server on this host ({@code remote:127.0.0.1}, {@code remote:localhost}), the run's
     * first (CPU) meter otherwise, and where no GPU meter works.
     */
    int headline(String device) {
        String d = device == null ? "" : device.toLowerCase(Locale.ROOT);
        boolean gpu = d.startsWith("cuda") || d.startsWith("remote:127.") || d.startsWith("remote:localhost")
                || d.startsWith("remote:[::1]");
        if (!gpu) {
            return 0;
        }
        return meters.indexOf(Domain.GPU).orElse(0);
    }

    /** Opens a window on every meter of the run. */
    MeterSet.Windows begin(String label) {
        return meters.begin(label);
    }

    /** Counts a pass whose own window was shorter than the update period of each of {@code meterIds}. */
    void shortPass(Set<String> meterIds) {
        meterIds.forEach(id -> shortPasses.merge(id, 1, Integer::sum));
    }

    /**
     * A warning per meter for which some passes were shorter than its update period: the queries of those passes
     * took their shares of a figure that is itself coarse.
     */
    List<String> shortPassWarnings() {
        List<String> out = new ArrayList<>();
        shortPasses.forEach((id, n) -> {
            Meter m = meterById(id);
            out.add(String.format(Locale.ROOT, "%d pass(es) were shorter than meter %s's update period (%d ms): the"
                    + " figures its queries took their shares of are coarse (its counter may not have moved, or moved by"
                    + " one whole update); longer passes (more --limit, slower models) or a meter with a shorter"
                    + " period resolve them", n, id, m.updatePeriod().toMillis()));
        });
        return out;
    }

    /** The boundary of the run's meter {@code id}. */
    String boundaryOf(String id) {
        return find(id).map(Meter::boundary).orElse(null);
    }

    /** The run's meter {@code id}. */
    Meter meterById(String id) {
        return find(id).orElseThrow();
    }

    private java.util.Optional<Meter> find(String id) {
        return meters.meters().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The meter at {@code index}. */
    Meter meter(int index) {
        return meters.meters().get(index);
    }

    /** Why a row on {@code device} has the CPU meter as its headline although it runs on a GPU; null where it does not. */
    String missingGpuMeter(String device) {
        String d = device == null ? "" : device.toLowerCase(Locale.ROOT);
        if (d.startsWith("cuda") && meters.indexOf(Domain.GPU).isEmpty()) {
            return "a model runs on " + device + " but no GPU meter works here (see `joulebench meters`): its"
                    + " headline figures are the CPU meter's and leave the GPU out";
        }
        return null;
    }

    /**
     * One window's figures.
     *
     * @param gross          the headline meter's total
     * @param net            the same less that meter's idle power over the window's time
     * @param seconds        the headline meter's window time
     * @param shortMeters    the meters whose window was shorter than their update period
     * @param domains        by {@link #DOMAINS} key, the domains measured
     */
    record Figures(double gross, double net, double seconds, Set<String> shortMeters,
                   Map<String, DomainJoules> domains) {

        boolean tooShort(String meter) {
            return shortMeters.contains(meter);
        }
    }

    Figures figures(MeterSet.Readings r, int headline) {
        Measurement h = r.get(headline);
        double seconds = seconds(h);
        double gross = h.total().joules();
        double net = IdleBaseline.net(gross, idleWatts(headline), seconds);
        Set<String> shortMeters = new LinkedHashSet<>();
        for (int i = 0; i < r.parts().size(); i++) {
            if (r.get(i).shorterThanUpdatePeriod()) {
                shortMeters.add(meter(i).id());
            }
        }
        return new Figures(gross, net, seconds, shortMeters, domains(r));
    }

    /** Each domain of {@link #DOMAINS} that some meter reports, from the first such meter. */
    Map<String, DomainJoules> domains(MeterSet.Readings r) {
        Map<String, DomainJoules> out = new LinkedHashMap<>();
        for (int i = 0; i < r.parts().size(); i++) {
            Measurement m = r.get(i);
            Meter meter = meter(i);
            double s = seconds(m);
            for (Map.Entry<Domain, Energy> e : m.byDomain().entrySet()) {
                String key = key(e.getKey());
                if (key == null || out.containsKey(key)) {
                    continue;
                }
                Map<String, Double> sources = new LinkedHashMap<>();
                if (e.getKey() == Domain.GPU) {
                    m.bySource().forEach((k, v) -> sources.put(k, v.joules()));
                }
                double gross = e.getValue().joules();
                out.put(key, new DomainJoules(meter.id(), m.method().name(), gross,
                        IdleBaseline.net(gross, idleWatts(i, key), s), s, false, sources));
            }
        }
        Map<String, DomainJoules> ordered = new LinkedHashMap<>();
        DOMAINS.forEach(k -> {
            if (out.containsKey(k)) {
                ordered.put(k, out.get(k));
            }
        });
        return ordered;
    }

    /** The idle power of meter {@code index}'s total; 0 where no baseline was taken. */
    double idleWatts(int index) {
        IdleBaseline.MeterIdle m = idle.of(meter(index).id());
        if (m != null) {
            return m.watts();
        }
        return index == 0 ? idle.watts() : 0;
    }

    /** The idle power of meter {@code index} for domain {@code key}; 0 where no baseline was taken. */
    double idleWatts(int index, String key) {
        return idleWatts(meter(index).id(), key);
    }

    /** The idle power of meter {@code id} for domain {@code key}; 0 where no baseline was taken. */
    double idleWatts(String id, String key) {
        IdleBaseline.MeterIdle m = idle.of(id);
        return m == null ? 0 : m.wattsByDomain().getOrDefault(key, 0.0);
    }

    /** An idle baseline from one window over every meter; the first meter's figures are the baseline's own. */
    static IdleBaseline idle(MeterSet set, MeterSet.Readings r) {
        List<IdleBaseline.MeterIdle> each = new ArrayList<>();
        for (int i = 0; i < r.parts().size(); i++) {
            Measurement m = r.get(i);
            Meter meter = set.meters().get(i);
            double s = seconds(m);
            Map<String, Double> byDomain = new LinkedHashMap<>();
            m.byDomain().forEach((d, e) -> {
                String key = key(d);
                if (key != null) {
                    byDomain.put(key, e.joules() / s);
                }
            });
            each.add(new IdleBaseline.MeterIdle(meter.id(), m.method().name(), meter.boundary(), m.total().joules() / s,
                    byDomain));
        }
        Measurement first = r.first();
        double s = seconds(first);
        return new IdleBaseline(first.total().joules() / s, first.method().name(), s, first.total().joules(),
                set.first().boundary(), relativeUncertainty(set.first()), each);
    }

    /** The baseline of a run without one: nothing subtracted from any meter. */
    static IdleBaseline none(MeterSet set) {
        List<IdleBaseline.MeterIdle> each = new ArrayList<>();
        for (Meter m : set.meters()) {
            each.add(new IdleBaseline.MeterIdle(m.id(), m.method().name(), m.boundary(), 0, Map.of()));
        }
        Meter first = set.first();
        return IdleBaseline.none(first.method().name(), first.boundary(), relativeUncertainty(first), each);
    }

    /** The meter's own statement of its systematic uncertainty (estimates), or null where it states none. */
    static Double relativeUncertainty(Meter meter) {
        java.util.OptionalDouble u = meter.relativeUncertainty();
        return u.isPresent() ? u.getAsDouble() : null;
    }

    private static double seconds(Measurement m) {
        return m.duration().toNanos() / 1e9;
    }
}
