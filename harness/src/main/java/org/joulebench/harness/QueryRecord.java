package org.joulebench.harness;

/**
 * One measured query, a row of {@code queries.csv}.
 *
 * @param method how its joules were obtained: COUNTER, POWER_INTEGRATION or ESTIMATE
 */
public record QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                          double joulesGross, double joulesNet, double latencyMs, double score, String method) {
}
