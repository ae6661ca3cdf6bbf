package org.joulebench.harness;

/**
 * One measured query, a row of {@code queries.csv}.
 *
 * @param method how its joules were obtained: COUNTER, POWER_INTEGRATION or ESTIMATE
 * @param energy {@code measured} (its own window) or {@code apportioned} (its time share of its pass's window,
 *               because its own window was shorter than the meter's update period)
 * @param block  the block of items within its repetition that it ran in, from 1 (every row of the task ran that
 *               block's items back to back, see the run's pass schedule); 0 where unknown (folders written before
 *               blocks were recorded)
 * @param concurrency the serving scenario's concurrency level of the response; null in the single scenario
 */
public record QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                          double joulesGross, double joulesNet, double latencyMs, double score, String method,
                          String energy, int block, Integer concurrency) {

    /** A query of the single scenario (one at a time). */
    public QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                       double joulesGross, double joulesNet, double latencyMs, double score, String method,
                       String energy, int block) {
        this(task, model, backend, repetition, item, tokens, joulesGross, joulesNet, latencyMs, score, method, energy,
                block, null);
    }

    /** A query whose block is unknown. */
    public QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                       double joulesGross, double joulesNet, double latencyMs, double score, String method,
                       String energy) {
        this(task, model, backend, repetition, item, tokens, joulesGross, joulesNet, latencyMs, score, method, energy,
                0);
    }

    /** A query measured in its own window. */
    public QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                       double joulesGross, double joulesNet, double latencyMs, double score, String method) {
        this(task, model, backend, repetition, item, tokens, joulesGross, joulesNet, latencyMs, score, method,
                "measured");
    }
}
