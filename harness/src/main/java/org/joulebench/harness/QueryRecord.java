package org.joulebench.harness;

/** One measured query, a row of {@code queries.csv}. */
public record QueryRecord(String task, String model, String backend, int repetition, String item, int tokens,
                          double joulesGross, double joulesNet, double latencyMs, double score) {
}
