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
 * @param domains by domain ({@code cpu_package}, {@code dram}, {@code gpu}), each measured domain's figures beside
 *               the headline ones; empty in folders written before the run read several meters
 */
public record QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                          double joulesGross, double joulesNet, double latencyMs, double score, String method,
                          String energy, int block, java.util.Map<String, DomainJoules> domains) {

    public QueryRecord {
        domains = domains == null || domains.isEmpty() ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(domains));
    }

    public QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                       double joulesGross, double joulesNet, double latencyMs, double score, String method,
                       String energy, int block) {
        this(task, model, backend, repetition, item, tokens, joulesGross, joulesNet, latencyMs, score, method, energy,
                block, java.util.Map.of());
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
