package org.joulebench.harness;

/**
 * One measured query, a row of {@code queries.csv}.
 *
 * @param method how its joules were obtained: COUNTER, POWER_INTEGRATION or ESTIMATE
 * @param energy {@code measured} (its own window) or {@code apportioned} (its time share of its pass's window,
 *               because its own window was shorter than the meter's update period)
 */
public record QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                          double joulesGross, double joulesNet, double latencyMs, double score, String method,
                          String energy) {

    /** A query measured in its own window. */
    public QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                       double joulesGross, double joulesNet, double latencyMs, double score, String method) {
        this(task, model, backend, repetition, item, tokens, joulesGross, joulesNet, latencyMs, score, method,
                "measured");
    }
}
