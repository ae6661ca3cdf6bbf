package org.joulebench.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.joulebench.harness.TaskModelResult;

/**
 * The serving scenario's levels as the report reads them: grouped per task × model × engine, the time–energy Pareto
 * frontier across concurrency levels (lower J/output token and lower TPOT p50 both better), and the lowest-energy
 * level that meets the TPOT objective.
 */
public final class ServingLevels {

    private ServingLevels() {
    }

    /** The serving results grouped by task × model × engine (in order of first appearance), each by concurrency. */
    public static Map<String, List<TaskModelResult>> groups(List<TaskModelResult> results) {
        Map<String, List<TaskModelResult>> out = new LinkedHashMap<>();
        for (TaskModelResult r : results) {
            if (r.serving() != null) {
                out.computeIfAbsent(r.task() + " · " + r.model() + " · " + r.backend(), k -> new ArrayList<>()).add(r);
            }
        }
        out.values().forEach(l -> l.sort(Comparator.comparing(TaskModelResult::concurrency,
                Comparator.nullsFirst(Integer::compare))));
        return out;
    }

    /** {@code c=N} for a result of the serving scenario at concurrency N; empty for the single scenario. */
    public static String level(TaskModelResult r) {
        return r.concurrency() == null ? "" : "c=" + r.concurrency();
    }

    /** {@code name (c=N)} for a serving level, {@code name} for the single scenario: a row's label in tables and charts. */
    public static String named(String name, TaskModelResult r) {
        return r.concurrency() == null ? name : name + " (" + level(r) + ")";
    }

    /** What a serving row's energy figures are, for a note beside tables and charts that hold such rows. */
    public static final String ROW_NOTE = "Rows marked (c=N) are the serving scenario at concurrency N (docs/serving.md):"
            + " their J/query is net J per response and their J/token net J per output token, both over the"
            + " steady-state window in which N requests were in flight. They compare with the same level of another"
            + " run, not with other levels or with single-scenario rows (whose J/token is per token processed,"
            + " prompt and generated).";

    /** The results of the single scenario (everything without serving figures). */
    public static List<TaskModelResult> single(List<TaskModelResult> results) {
        return results.stream().filter(r -> r.serving() == null).toList();
    }

    /** J per output token (net), the energy axis. */
    public static double energy(TaskModelResult r) {
        return r.serving().jPerOutputToken().mean();
    }

    /** TPOT p50 in ms, the time axis; empty where no response had two tokens. */
    public static Optional<Double> tpot(TaskModelResult r) {
        return r.serving().tpotMs() == null ? Optional.empty() : Optional.of(r.serving().tpotMs().p50());
    }

    /**
     * The levels no other level beats on both J/output token and TPOT p50 (lower is better on both), by rising
     * energy. Levels without a TPOT are left out.
     */
    public static List<TaskModelResult> frontier(List<TaskModelResult> levels) {
        List<TaskModelResult> withTime = levels.stream().filter(r -> tpot(r).isPresent()).toList();
        List<TaskModelResult> out = new ArrayList<>();
        for (TaskModelResult p : withTime) {
            boolean dominated = withTime.stream().anyMatch(q -> q != p && energy(q) <= energy(p)
                    && tpot(q).get() <= tpot(p).get() && (energy(q) < energy(p) || tpot(q).get() < tpot(p).get()));
            if (!dominated) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparingDouble(ServingLevels::energy));
        return out;
    }

    /** The level of lowest J/output token among those that meet the TPOT objective; empty where none does. */
    public static Optional<TaskModelResult> lowestEnergyMeetingSlo(List<TaskModelResult> levels) {
        return levels.stream().filter(r -> Boolean.TRUE.equals(r.serving().meetsSlo()))
                .min(Comparator.comparingDouble(ServingLevels::energy));
    }

    /** The sentence the report gives about the objective; empty where the run set none. */
    public static Optional<String> sloSentence(List<TaskModelResult> levels) {
        Double slo = levels.stream().map(r -> r.serving().sloTpotMs()).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
        if (slo == null) {
            return Optional.empty();
        }
        String objective = String.format(java.util.Locale.ROOT, "TPOT p50 ≤ %s ms", plain(slo));
        return Optional.of(lowestEnergyMeetingSlo(levels).map(r -> String.format(java.util.Locale.ROOT,
                "Lowest-energy setting that meets the SLO (%s): concurrency %d (%.4g J/output token net, TPOT p50"
                        + " %.3g ms).", objective, r.concurrency(), energy(r), tpot(r).orElseThrow()))
                .orElse("No level meets the SLO (" + objective + ")."));
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
