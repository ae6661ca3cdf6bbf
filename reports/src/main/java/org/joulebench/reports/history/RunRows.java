package org.joulebench.reports.history;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.joulebench.harness.HostFingerprint;
import org.joulebench.harness.HostInfo;
import org.joulebench.harness.ModelInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.zoo.Sha256;

/** A run's figures as the history's rows: which value goes in which column. */
final class RunRows {

    private RunRows() {
    }

    /**
     * What identifies a run: its id, its start, its host's name and {@link HostFingerprint}. (Rows written before
     * schema version 3 keep the key they were written with; {@link JdbcHistory#add} finds a run by these columns.)
     */
    static String runKey(RunResult result) {
        return Sha256.hex(result.run().id() + "\n" + result.run().start() + "\n" + hostName(result.host()) + "\n"
                + HostFingerprint.of(result.host()));
    }

    /** The host's name as the history stores it, "" where the run recorded no host. */
    static String hostName(HostInfo host) {
        return host == null || host.hostname() == null ? "" : host.hostname();
    }

    /** A figure with its interval, or nothing. */
    record Figure(Double value, Double lo, Double hi) {
        static final Figure NONE = new Figure(null, null, null);

        static Figure of(Stat s) {
            return s == null ? NONE : new Figure(finite(s.mean()), finite(s.lo()), finite(s.hi()));
        }
    }

    /** The metric columns of one result, keyed by {@link Schema#METRICS}. */
    static Map<String, Figure> figures(TaskModelResult r) {
        Map<String, Figure> out = new LinkedHashMap<>();
        TaskModelResult.EnergyResult e = r.energy();
        out.put("j_per_query", e == null ? Figure.NONE : Figure.of(e.jPerQuery()));
        out.put("j_per_token", e == null ? Figure.NONE : Figure.of(e.jPerToken()));
        out.put("j_per_generated_token", r.generation() == null ? Figure.NONE
                : Figure.of(r.generation().jPerGeneratedToken()));
        out.put("tokens_per_s", r.throughput() == null ? Figure.NONE : Figure.of(r.throughput().tokensPerS()));
        TaskModelResult.Accuracy a = r.accuracy();
        out.put("accuracy", a == null ? Figure.NONE : new Figure(finite(a.value()), bound(a.ci95(), 0), bound(a.ci95(), 1)));
        if (!out.keySet().equals(new java.util.LinkedHashSet<>(Schema.METRICS))) {
            throw new IllegalStateException("metric columns out of step with the schema: " + out.keySet());
        }
        return out;
    }

    /** The sha256 the run recorded for {@code model}, or null. */
    static String modelSha256(List<ModelInfo> models, String model) {
        return models.stream().filter(m -> Objects.equals(m.id(), model)).map(ModelInfo::sha256)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static Double bound(List<Double> ci, int i) {
        return ci == null || ci.size() != 2 || ci.get(i) == null ? null : finite(ci.get(i));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
