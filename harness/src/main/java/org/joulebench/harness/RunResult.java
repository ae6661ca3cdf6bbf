package org.joulebench.harness;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Everything one run produced: the document written as {@code results.json} (schema
 * {@value #SCHEMA}) plus the per-query records written as {@code queries.csv}.
 */
public record RunResult(String schema, RunInfo run, HostInfo host, List<MeterInfo> meters, IdleBaseline idle,
                        List<TaskModelResult> results,
                        @JsonIgnore List<QueryRecord> queries) {

    public static final String SCHEMA = "joulebench/result@1";

    public RunResult {
        meters = List.copyOf(meters);
        results = List.copyOf(results);
        queries = queries == null ? List.of() : List.copyOf(queries);
    }
}
