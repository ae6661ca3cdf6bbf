package org.joulebench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.joulebench.harness.PowerTrace;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;

/**
 * Energy by domain (CPU package, DRAM, GPU) per query of one result, integrated from the run's power trace
 * over the result's measured passes (the phases named {@code task · model[ on engine] · repetition N}) and
 * divided by its measured queries (for a serving level, per response over its steady-state windows). Gross, idle included: the trace has no per-domain idle subtraction. Only
 * series of the result's own energy method are used, and only the domains that add up (package, DRAM, GPU;
 * core and uncore lie inside the package and psys contains everything). A domain the run did not measure
 * is absent, never 0.
 */
public final class DomainEnergy {

    /** The domains that add up without counting anything twice, in stacking order. */
    public static final List<String> DOMAINS = List.of("CPU_PACKAGE", "DRAM", "GPU");

    /** The definition in words, for the report. */
    public static final String DEFINITION = "Energy by domain = each domain's gross energy (CPU_PACKAGE, DRAM, GPU)"
            + " per measured query, idle included: read in the queries' own windows, each domain by its own meter,"
            + " in runs that read every meter in every window; in older runs, the sampled power per domain integrated"
            + " over the result's measured passes, which also hold the harness's own work between queries. Only"
            + " domains of the result's own energy method are stacked (figures of different methods are never"
            + " added); the others are in each run's own report, beside the headline. A domain a run did not measure"
            + " is shown as not measured, never as 0.";

    private DomainEnergy() {
    }

    /**
     * Gross joules per query by domain (in {@link #DOMAINS} order, measured domains only); empty where the run
     * carries no power trace or no pass of this result.
     */
    public static Map<String, Double> perQuery(RunResult run, TaskModelResult result) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (result.energy() != null && !result.energy().domains().isEmpty() && result.queries() > 0) {
            // measured in the queries' own windows, each domain by its own meter; a serving level's in its
            // steady-state windows, which hold only part of its responses: per response there is gross J per
            // output token in the windows × the mean output tokens per response (as its net J/response)
            double perQuery = 1.0 / result.queries();
            if (result.serving() != null) {
                TaskModelResult.ServingStats s = result.serving();
                if (s.steadyTokens() <= 0 || s.responses() <= 0) {
                    return out;
                }
                perQuery = (double) s.levelOutputTokens() / s.responses() / s.steadyTokens();
            }
            double factor = perQuery;
            for (String domain : DOMAINS) {
                result.energy().domains().stream()
                        .filter(d -> d.domain().equalsIgnoreCase(domain)
                                && java.util.Objects.equals(d.method(), result.energy().method()))
                        .findFirst()
                        .ifPresent(d -> out.put(domain, d.joulesGross() * factor));
            }
            return out;
        }
        PowerTrace trace = run.powerTrace();
        if (trace == null || result.energy() == null || result.queries() <= 0) {
            return out;
        }
        List<PowerTrace.Phase> passes = passes(trace, result);
        if (passes.isEmpty()) {
            return out;
        }
        for (String domain : DOMAINS) {
            double joules = 0;
            boolean any = false;
            for (PowerTrace.Series s : trace.series()) {
                if (!domain.equals(s.domain()) || !Objects.equals(s.method(), result.energy().method())) {
                    continue;
                }
                for (PowerTrace.Phase p : passes) {
                    double j = integrate(s, p.startS(), p.endS());
                    if (Double.isFinite(j)) {
                        joules += j;
                        any = true;
                    }
                }
            }
            if (any) {
                out.put(domain, joules / result.queries());
            }
        }
        return out;
    }

    /** The measured passes of {@code result}: phases {@code task · model · repetition N} or {@code task · model on engine · …}. */
    static List<PowerTrace.Phase> passes(PowerTrace trace, TaskModelResult result) {
        List<PowerTrace.Phase> passes = new ArrayList<>();
        String task = String.valueOf(result.task());
        String model = String.valueOf(result.model());
        String onEngine = model + " on " + result.backend();
        for (PowerTrace.Phase p : trace.phases()) {
            String[] parts = p.name().split(" · ");
            if (parts.length == 3 && parts[0].equals(task) && parts[2].startsWith("repetition ")
                    && (parts[1].equals(model) || parts[1].equals(onEngine))) {
                passes.add(p);
            }
        }
        return passes;
    }

    /**
     * Joules of {@code series} over [{@code from}, {@code to}]: each point's watts held over the interval from
     * the point before it (a counter-derived sample is the average over that interval); NaN without points.
     */
    static double integrate(PowerTrace.Series series, double from, double to) {
        List<Double> t = series.seconds();
        List<Double> w = series.watts();
        double joules = 0;
        boolean any = false;
        for (int i = 1; i < t.size(); i++) {
            double a = Math.max(from, t.get(i - 1));
            double b = Math.min(to, t.get(i));
            if (b > a && Double.isFinite(w.get(i))) {
                joules += w.get(i) * (b - a);
                any = true;
            }
        }
        return any ? joules : Double.NaN;
    }
}
