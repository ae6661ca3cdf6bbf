package org.joulebench.harness;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Everything one run produced: the document written as {@code results.json} (schema
 * {@value #SCHEMA}) plus the per-query records written as {@code queries.csv}.
 *
 * @param idle      the idle baseline measured before the suite, subtracted for net energy
 * @param idleAfter the same measured after the suite, or null where it was not measured
 * @param warnings  what a reader must know to trust the figures (an idle baseline that moved, a sampler
 *                  that fell behind), in plain words; empty when there is nothing to say
 * @param powerTrace power over the run from the sampler, with the run's phases; null where none was taken
 * @param models    the models the run loaded, with the sha256 of each file; empty in results written before it
 *                  was recorded
 * @param canary    the drift canary: calibration kernels timed and metered at the start, between repetitions and at
 *                  the end; null in results written before it was recorded
 * @param forks     for a run of several forks ({@code run --forks N}), each figure's spread between them; empty
 *                  for a run in one process
 * @param status    {@value #COMPLETE}: the run measured everything it set out to; {@value #PARTIAL}: it was
 *                  interrupted and its figures rest on the queries measured until then (a warning says how many).
 *                  Results of schema {@code joulebench/result@1} have no status and were always complete.
 */
@JsonPropertyOrder({"schema", "status"})
public record RunResult(String schema, RunInfo run, HostInfo host, List<MeterInfo> meters, IdleBaseline idle,
                        IdleBaseline idleAfter, List<TaskModelResult> results, List<String> warnings,
                        PowerTrace powerTrace, List<ModelInfo> models, Canary canary,
                        @JsonIgnore List<QueryRecord> queries, List<ForkSpread> forks, String status) {

    /** The schema this version writes: {@code @2} added {@link #status()} (a folder may now be partial). */
    public static final String SCHEMA = "joulebench/result@2";
    /** The schema before {@link #status()}: still read, as complete. */
    public static final String SCHEMA_1 = "joulebench/result@1";
    public static final String COMPLETE = "complete";
    public static final String PARTIAL = "partial";

    /** Every field but the status: a complete run. */
    public RunResult(String schema, RunInfo run, HostInfo host, List<MeterInfo> meters, IdleBaseline idle,
                     IdleBaseline idleAfter, List<TaskModelResult> results, List<String> warnings,
                     PowerTrace powerTrace, List<ModelInfo> models, Canary canary, List<QueryRecord> queries,
                     List<ForkSpread> forks) {
        this(schema, run, host, meters, idle, idleAfter, results, warnings, powerTrace, models, canary, queries,
                forks, COMPLETE);
    }

    /** Whether the run measured everything it set out to. */
    @JsonIgnore
    public boolean isComplete() {
        return !PARTIAL.equals(status);
    }

    /** This result marked partial (an interrupted run's). */
    public RunResult partial() {
        return new RunResult(schema, run, host, meters, idle, idleAfter, results, warnings, powerTrace, models,
                canary, queries, forks, PARTIAL);
    }

    public RunResult {
        status = status == null ? COMPLETE : status;
        if (!COMPLETE.equals(status) && !PARTIAL.equals(status)) {
            throw new IllegalArgumentException("status must be " + COMPLETE + " or " + PARTIAL + ", was " + status);
        }
        meters = List.copyOf(meters);
        results = List.copyOf(results);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        models = models == null ? List.of() : List.copyOf(models);
        queries = queries == null ? List.of() : List.copyOf(queries);
        forks = forks == null ? List.of() : List.copyOf(forks);
    }

    /** A run in one process. */
    public RunResult(String schema, RunInfo run, HostInfo host, List<MeterInfo> meters, IdleBaseline idle,
                     IdleBaseline idleAfter, List<TaskModelResult> results, List<String> warnings,
                     PowerTrace powerTrace, List<ModelInfo> models, Canary canary, List<QueryRecord> queries) {
        this(schema, run, host, meters, idle, idleAfter, results, warnings, powerTrace, models, canary, queries,
                List.of());
    }

    /** A result of one process without a drift canary. */
    public RunResult(String schema, RunInfo run, HostInfo host, List<MeterInfo> meters, IdleBaseline idle,
                     IdleBaseline idleAfter, List<TaskModelResult> results, List<String> warnings,
                     PowerTrace powerTrace, List<ModelInfo> models, List<QueryRecord> queries) {
        this(schema, run, host, meters, idle, idleAfter, results, warnings, powerTrace, models, null, queries);
    }

    /** A result that does not list its models. */
    public RunResult(String schema, RunInfo run, HostInfo host, List<MeterInfo> meters, IdleBaseline idle,
                     IdleBaseline idleAfter, List<TaskModelResult> results, List<String> warnings,
                     PowerTrace powerTrace, List<QueryRecord> queries) {
        this(schema, run, host, meters, idle, idleAfter, results, warnings, powerTrace, List.of(), null, queries);
    }

    /** This result with {@code queries} in place of its own (a results.json read back gets queries.csv's). */
    public RunResult withQueries(List<QueryRecord> queries) {
        return new RunResult(schema, run, host, meters, idle, idleAfter, results, warnings, powerTrace, models,
                canary, queries, forks, status);
    }

    /** A result without an after-run baseline or warnings. */
    public RunResult(String schema, RunInfo run, HostInfo host, List<MeterInfo> meters, IdleBaseline idle,
                     List<TaskModelResult> results, List<QueryRecord> queries) {
        this(schema, run, host, meters, idle, null, results, List.of(), null, List.of(), null, queries);
    }
}
