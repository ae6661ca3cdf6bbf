package org.joulebench.harness;

import java.nio.file.Path;
import java.util.Locale;

import org.joulebench.meters.Meter;

/**
 * Figures that no run can have written, refused when a result folder is read back ({@code compare},
 * {@code report}, {@code history add}): joules or times that are not finite numbers, negative gross joules or
 * times, and gross joules that would mean more than {@value #MARGIN} times the most power the meter can show
 * over the time they took (a margin, so that scaled or noisy data stays legal). Negative <em>net</em> joules are
 * legal: noise around the idle baseline.
 */
final class ResultChecks {

    /** The power bound where no used meter says its own ({@link Meter#MAX_POWER_W}): no host we measure draws more. */
    static final double DEFAULT_MAX_WATTS = 10_000;
    static final double MARGIN = 2;
    /** Time added to a query's before the bound, for a counter update that lands inside a short window. */
    static final double SLACK_SECONDS = 0.01;

    private static final String FIX = "a run writes finite, non-negative gross joules and times that its meter can"
            + " have measured; use the folder as the run wrote it";

    private ResultChecks() {
    }

    /** The most power the run's used meters can show together, in watts. */
    static double maxWatts(RunResult r) {
        double sum = 0;
        boolean any = false;
        for (MeterInfo m : r.meters()) {
            if (!"used".equals(m.status())) {
                continue;
            }
            if (!(m.details().get(Meter.MAX_POWER_W) instanceof Number n) || !(n.doubleValue() > 0)) {
                return DEFAULT_MAX_WATTS;
            }
            sum += n.doubleValue();
            any = true;
        }
        return any ? sum : DEFAULT_MAX_WATTS;
    }

    /** Checks one record of queries.csv, at {@code file:line}. */
    static void query(QueryRecord q, Path file, int line, double maxWatts) throws InputException {
        String at = file + ":" + line + ": ";
        finite(q.joulesGross(), at + "joules_gross");
        finite(q.joulesNet(), at + "joules_net");
        finite(q.latencyMs(), at + "latency_ms");
        if (q.joulesGross() < 0) {
            throw new InputException(at + "joules_gross is " + num(q.joulesGross()) + ": gross energy is never"
                    + " negative (net energy may be, near the idle baseline)", FIX);
        }
        if (q.latencyMs() < 0) {
            throw new InputException(at + "latency_ms is " + num(q.latencyMs()) + ": a time is never negative", FIX);
        }
        if (q.tokens() < 0) {
            throw new InputException(at + "tokens is " + q.tokens() + ": a count is never negative", FIX);
        }
        double bound = MARGIN * maxWatts * (q.latencyMs() / 1000 + SLACK_SECONDS);
        if (q.joulesGross() > bound) {
            throw new InputException(at + "joules_gross is " + num(q.joulesGross()) + " J in " + num(q.latencyMs())
                    + " ms: more than " + num(MARGIN) + " × the meter's " + num(maxWatts) + " W could measure ("
                    + num(bound) + " J)", FIX);
        }
        for (var d : q.domains().entrySet()) {
            String column = at + "joules_gross_" + d.getKey();
            finite(d.getValue().gross(), column);
            finite(d.getValue().net(), at + "joules_net_" + d.getKey());
            if (d.getValue().gross() < 0) {
                throw new InputException(column + " is " + num(d.getValue().gross()) + ": gross energy is never"
                        + " negative", FIX);
            }
            if (d.getValue().gross() > bound) {
                throw new InputException(column + " is " + num(d.getValue().gross()) + " J in " + num(q.latencyMs())
                        + " ms: more than " + num(MARGIN) + " × the meters' " + num(maxWatts) + " W could measure ("
                        + num(bound) + " J)", FIX);
            }
        }
    }

    /** Checks the figures of results.json. */
    static void result(RunResult r, Path file) throws InputException {
        double maxWatts = maxWatts(r);
        double seconds = r.run() == null || r.run().start() == null || r.run().end() == null ? Double.NaN
                : java.time.Duration.between(r.run().start(), r.run().end()).toNanos() / 1e9;
        for (IdleBaseline idle : new IdleBaseline[] {r.idle(), r.idleAfter()}) {
            if (idle != null) {
                String at = file + ": idle";
                finite(idle.watts(), at + ".watts");
                if (idle.watts() < 0 || idle.watts() > MARGIN * maxWatts) {
                    throw new InputException(at + ".watts is " + num(idle.watts()) + " W: outside 0 to " + num(MARGIN)
                            + " × the meter's " + num(maxWatts) + " W", FIX);
                }
            }
        }
        int i = 0;
        for (TaskModelResult t : r.results()) {
            String at = file + ": results[" + i++ + "] (" + t.task() + " × " + t.model() + " × " + t.backend() + ") ";
            TaskModelResult.EnergyResult e = t.energy();
            if (e != null) {
                finite(e.joulesGross(), at + "energy.joules_gross");
                finite(e.joulesNet(), at + "energy.joules_net");
                if (e.joulesGross() < 0) {
                    throw new InputException(at + "energy.joules_gross is " + num(e.joulesGross())
                            + ": gross energy is never negative", FIX);
                }
                if (Double.isFinite(seconds) && e.joulesGross() > MARGIN * maxWatts * (seconds + 1)) {
                    throw new InputException(at + "energy.joules_gross is " + num(e.joulesGross()) + " J in a run of "
                            + num(seconds) + " s: more than " + num(MARGIN) + " × the meter's " + num(maxWatts)
                            + " W could measure", FIX);
                }
                stat(e.jPerQuery(), at + "energy.j_per_query");
                stat(e.jPerToken(), at + "energy.j_per_token");
            }
            if (t.throughput() != null) {
                stat(t.throughput().tokensPerS(), at + "throughput.tokens_per_s");
                if (t.throughput().tokensPerS() != null && t.throughput().tokensPerS().mean() < 0) {
                    throw new InputException(at + "throughput.tokens_per_s is negative", FIX);
                }
            }
        }
    }

    private static void stat(Stat s, String what) throws InputException {
        if (s != null) {
            finite(s.mean(), what + ".mean");
        }
    }

    private static void finite(double v, String what) throws InputException {
        if (!Double.isFinite(v)) {
            throw new InputException(what + " is " + (Double.isNaN(v) ? "missing or not a number" : num(v))
                    + ": every measured figure is a finite number", FIX);
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
