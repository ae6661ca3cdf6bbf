package org.joulebench.reports.history;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.joulebench.harness.HostFingerprint;
import org.joulebench.harness.HostInfo;
import org.joulebench.harness.InputException;
import org.joulebench.harness.Metric;
import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.ModelInfo;
import org.joulebench.harness.RunResult;
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

    /** The metric columns of one result, keyed by {@link Schema#METRICS}: each {@link Metric#aggregate}. */
    static Map<String, Metric.Figure> figures(TaskModelResult r) {
        Map<String, Metric.Figure> out = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            out.put(m.id(), m.aggregate(r));
        }
        if (!out.keySet().equals(new java.util.LinkedHashSet<>(Schema.METRICS))) {
            throw new IllegalStateException("metric columns out of step with the schema: " + out.keySet());
        }
        return out;
    }

    /**
     * The run's results.json as {@link ResultCodec} writes it (the per-query records are not part of it).
     *
     * @throws InputException when it cannot be written as JSON (a figure Jackson cannot write)
     */
    static String json(RunResult result) throws InputException {
        try {
            return ResultCodec.toJson(result);
        } catch (IOException e) {
            throw new InputException("cannot write run " + result.run().id() + " as JSON: " + e.getMessage(),
                    "add a results.json as Joulebench wrote it", e);
        }
    }

    /** The sha256 the run recorded for {@code model}, or null. */
    static String modelSha256(List<ModelInfo> models, String model) {
        return models.stream().filter(m -> Objects.equals(m.id(), model)).map(ModelInfo::sha256)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }
}
