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
 * @param serverClaim the energy the server said it spent on this query (models behind a server that reports one),
 *                    beside the measured figures and never part of them; null where none was said
 * @param concurrency the serving scenario's concurrency level of the response; null in the single scenario
 */
public record QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                          double joulesGross, double joulesNet, double latencyMs, double score, String method,
                          String energy, int block, java.util.Map<String, DomainJoules> domains,
                          org.joulebench.runners.EnergyClaim serverClaim, Integer concurrency) {

    public QueryRecord {
        domains = domains == null || domains.isEmpty() ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(domains));
    }

    /** A query of the single scenario with its domains, no server's claim. */
    public QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                       double joulesGross, double joulesNet, double latencyMs, double score, String method,
                       String energy, int block, java.util.Map<String, DomainJoules> domains) {
        this(task, model, backend, repetition, item, tokens, joulesGross, joulesNet, latencyMs, score, method, energy,
                block, domains, null, null);
    }

    /** A response of the serving scenario at {@code concurrency} (null: the single scenario). */
    public QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                       double joulesGross, double joulesNet, double latencyMs, double score, String method,
                       String energy, int block, Integer concurrency) {
        this(task, model, backend, repetition, item, tokens, joulesGross, joulesNet, latencyMs, score, method, energy,
                block, java.util.Map.of(), null, concurrency);
    }

    public QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                       double joulesGross, double joulesNet, double latencyMs, double score, String method,
                       String energy, int block) {
        this(task, model, backend, repetition, item, tokens, joulesGross, joulesNet, latencyMs, score, method, energy,
                block, java.util.Map.of(), null, null);
    }

    /** This query with the server's claim beside it. */
    public QueryRecord withServerClaim(org.joulebench.runners.EnergyClaim claim) {
        return new QueryRecord(task, model, backend, repetition, item, tokens, joulesGross, joulesNet, latencyMs,
                score, method, energy, block, domains, claim, concurrency);
    }

    /** This query with its domains' figures. */
    public QueryRecord withDomains(java.util.Map<String, DomainJoules> d) {
        return new QueryRecord(task, model, backend, repetition, item, tokens, joulesGross, joulesNet, latencyMs,
                score, method, energy, block, d, serverClaim, concurrency);
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
