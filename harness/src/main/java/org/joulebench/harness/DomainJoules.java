package org.joulebench.harness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One domain's energy over one window, from one meter: a column pair of queries.csv ({@code joules_gross_<domain>},
 * {@code joules_net_<domain>}).
 *
 * @param meter       the meter it came from
 * @param method      that meter's method: figures of different methods are never added
 * @param gross       joules over the window
 * @param net         the same less that meter's idle power for the domain over the window's time
 * @param seconds     that meter's window time (the run's meters' windows nest: begun in order, ended in reverse);
 *                    not in queries.csv, so NaN in records read back from it
 * @param apportioned whether the window was shorter than the meter's update period (NVML: ~100 ms), so that the figure
 *                    is the query's time share of its pass's window
 * @param sources     gross joules of each source within the domain (a GPU board by UUID); empty where the meter does
 *                    not break the domain down
 */
public record DomainJoules(String meter, String method, double gross, double net, double seconds,
                           boolean apportioned, Map<String, Double> sources) {

    public DomainJoules {
        sources = sources == null || sources.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /** This figure as its time share of a pass's figure {@code pass} of the same meter, less {@code idleWatts}. */
    DomainJoules shareOf(DomainJoules pass, double idleWatts) {
        double fraction = seconds / pass.seconds();
        Map<String, Double> shares = new LinkedHashMap<>();
        pass.sources().forEach((k, v) -> shares.put(k, v * fraction));
        double g = pass.gross() * fraction;
        return new DomainJoules(meter, method, g, IdleBaseline.net(g, idleWatts, seconds), seconds, true,
                shares);
    }
}
