package org.joulebench.ci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import org.joulebench.harness.PairedRatio;

/**
 * The figures of an A/B comparison: per metric, B/A over the completed rounds ({@link PairedRatio}: the round is
 * the independent unit), and the gate's verdict for energy (each meter) and wall time. CPU time is shown, not
 * judged: energy already rests on it where the meter is an estimate.
 */
final class AbAnalysis {

    private AbAnalysis() {
    }

    static List<AbRow> rows(List<RunRecord> runs, List<AbMeter> meters, AbSettings s) {
        Map<Integer, RunRecord[]> rounds = complete(runs);
        if (rounds.size() < AbSettings.MIN_ROUNDS) {
            return List.of();
        }
        List<AbRow> rows = new ArrayList<>();
        for (AbMeter m : meters) {
            boolean net = m.idleWatts() != null;
            rows.add(row("energy:" + m.id(), "energy, " + m.id() + " (" + m.method() + ", " + (net ? "net" : "gross")
                    + ")", "J", rounds, r -> joules(r, m), true, s));
        }
        rows.add(row("wall_time", "wall time", "s", rounds, RunRecord::wall, true, s));
        if (rounds.values().stream().allMatch(p -> Double.isFinite(p[0].cpu()) && Double.isFinite(p[1].cpu()))) {
            rows.add(row("cpu_time", "CPU time of the command", "s", rounds, RunRecord::cpu, false, s));
        }
        return rows;
    }

    /**
     * Whether every judged verdict is settled: each judged ratio's interval lies wholly on one side of both
     * bounds of the allowance (1 − allowed and 1 + allowed), so more rounds would narrow it but could not move it
     * across a bound that decides the verdict.
     */
    static boolean settled(List<AbRow> rows, AbSettings s) {
        if (rows.isEmpty()) {
            return false;
        }
        double up = 1 + s.policy().maxRegression();
        double down = 1 - s.policy().maxRegression();
        for (AbRow r : rows) {
            if (r.verdict() == null) {
                continue;
            }
            double lo = r.ratio().ratioCi95().get(0);
            double hi = r.ratio().ratioCi95().get(1);
            if (!(Double.isFinite(lo) && Double.isFinite(hi)) || straddles(lo, hi, up) || straddles(lo, hi, down)) {
                return false;
            }
        }
        return true;
    }

    private static boolean straddles(double lo, double hi, double bound) {
        return lo <= bound && bound <= hi;
    }

    /** The rounds in which both sides ran, by round. */
    static Map<Integer, RunRecord[]> complete(List<RunRecord> runs) {
        Map<Integer, RunRecord[]> byRound = new TreeMap<>();
        for (RunRecord r : runs) {
            byRound.computeIfAbsent(r.round(), k -> new RunRecord[2])[r.side() == Side.A ? 0 : 1] = r;
        }
        byRound.values().removeIf(p -> p[0] == null || p[1] == null);
        return byRound;
    }

    private static double joules(RunRecord r, AbMeter m) {
        double gross = r.joules().get(m.id());
        return m.idleWatts() == null ? gross : org.joulebench.harness.IdleBaseline.net(gross, m.idleWatts(), r.wall());
    }

    private static AbRow row(String id, String label, String unit, Map<Integer, RunRecord[]> rounds,
                             ToDoubleFunction<RunRecord> value, boolean judged, AbSettings s) {
        double[] a = rounds.values().stream().mapToDouble(p -> value.applyAsDouble(p[0])).toArray();
        double[] b = rounds.values().stream().mapToDouble(p -> value.applyAsDouble(p[1])).toArray();
        PairedRatio ratio = PairedRatio.of(a, b, s.alpha(), s.power());
        if (!judged) {
            return new AbRow(id, label, unit, ratio, null, "(not judged)", "shown for reference");
        }
        Gate.Judged j = Gate.judge(ratio.ratio() - 1, ratio.ratioCi95().get(1) - 1, ratio.mdeRelative(),
                s.policy().maxRegression(), ratio.pValue(), s.alpha(), false, "pseudo-median");
        return new AbRow(id, label, unit, ratio, j.verdict(), j.summary(), j.reason());
    }
}
