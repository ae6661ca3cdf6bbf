package org.joulebench.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.HostInfo;
import org.joulebench.harness.IdleBaseline;
import org.joulebench.harness.MeterInfo;
import org.joulebench.harness.QueryRecord;
import org.joulebench.harness.RunInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.harness.TaskModelResult.Accuracy;
import org.joulebench.harness.TaskModelResult.EnergyResult;
import org.joulebench.harness.TaskModelResult.Latency;
import org.joulebench.harness.TaskModelResult.Throughput;

/**
 * A made-up run for rendering tests. Nothing here was measured: every id says "fixture" so that no
 * invented figure can pass for a real result.
 */
public final class ReportFixtures {

    public static final String SMALL = "fixture-small";
    public static final String LARGE = "fixture-large";
    public static final String TINY = "fixture-tiny";
    public static final String RETRIEVAL = "fixture-retrieval";
    public static final String CLASSIFICATION = "fixture-classification";

    private ReportFixtures() {
    }

    /** The fixture run. */
    public static RunResult run() {
        return run(SMALL);
    }

    /** The fixture run with the small model called {@code smallModelId}, e.g. to test escaping. */
    public static RunResult run(String smallModelId) {
        List<TaskModelResult> results = List.of(
                result(RETRIEVAL, smallModelId, 22_700_000L, 0.75, List.of(0.5, 0.9),
                        Stat.of(0.05, 0.045, 0.056, 3, "repetitions"), Stat.of(0.00625, 0.0056, 0.007, 3, "repetitions"),
                        Stat.of(420.5, 400.125, 441.75, 3, "repetitions"), 2.5, 4.75),
                result(RETRIEVAL, LARGE, 335_000_000L, 0.9, List.of(0.7, 0.98),
                        Stat.of(0.8, 0.75, 0.86, 3, "repetitions"), Stat.of(0.1, 0.09, 0.11, 3, "repetitions"),
                        Stat.of(24.25, 22.5, 26.0, 3, "repetitions"), 41.0, 55.5),
                result(CLASSIFICATION, smallModelId, 22_700_000L, 0.625, List.of(0.4, 0.8),
                        Stat.of(0.04, 0.035, 0.047, 3, "repetitions"), Stat.of(0.004, 0.0035, 0.0047, 3, "repetitions"),
                        Stat.of(510.0, 480.0, 540.0, 3, "repetitions"), 1.9, 3.1),
                result(CLASSIFICATION, LARGE, 335_000_000L, 0.875, List.of(0.6, 0.97),
                        Stat.of(0.7, 0.62, 0.77, 3, "repetitions"), Stat.of(0.07, 0.062, 0.077, 3, "repetitions"),
                        Stat.of(30.0, 27.5, 32.5, 3, "repetitions"), 35.0, 47.25),
                result(CLASSIFICATION, TINY, 4_400_000L, 0.5, List.of(0.25, 0.75),
                        Stat.of(-0.001, -0.004, 0.002, 3, "repetitions"), Stat.of(-0.0001, -0.0004, 0.0002, 3, "repetitions"),
                        Stat.of(900.0, 850.0, 950.0, 3, "repetitions"), 1.1, 1.6));
        return new RunResult(RunResult.SCHEMA, runInfo(), host(), meters(), idle(), results, queries(smallModelId));
    }

    private static RunInfo runInfo() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("limit", 4);
        settings.put("repetitions", 3);
        settings.put("warmup", 1);
        settings.put("idle_seconds", 5.0);
        settings.put("threads", 2);
        settings.put("meter", "auto");
        return new RunInfo("fixture-run-0001", Instant.parse("2026-01-02T03:04:05Z"),
                Instant.parse("2026-01-02T03:14:35.500Z"), "0.1.0-fixture", 42L,
                "joulebench run --suite fixture-suite --limit 4",
                new RunInfo.SuiteInfo("fixture-suite", "1", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"),
                settings);
    }

    private static HostInfo host() {
        return new HostInfo("fixture-host", "FixtureVendor", "Fixture CPU 2.0GHz", "fixture-arch", 4, 8,
                16L << 30, "Fixture Linux", "6.1.0-fixture", "OpenJDK 17 (fixture)", List.of(), null);
    }

    private static List<MeterInfo> meters() {
        Map<String, Object> fit = new LinkedHashMap<>();
        fit.put("cpuid_family", 6);
        fit.put("cpuid_model", 85);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", "CCF-style linear CPU power model (fixture)");
        details.put("formula", "E = min_w × vcpus × t + (max_w − min_w) × process_cpu_s");
        details.put("min_w_per_vcpu", 0.74);
        details.put("max_w_per_vcpu", 3.5);
        details.put("vcpus", 8);
        details.put("match", fit);
        details.put("source", "fixture copy of published coefficients");
        details.put("relative_uncertainty", 0.5);
        return List.of(
                new MeterInfo("estimate", "ESTIMATE", List.of("CPU_PACKAGE"), "used",
                        "process CPU time is readable; coefficients matched by microarchitecture", null,
                        "this JVM process's CPU time through a package power model", details),
                new MeterInfo("rapl", "COUNTER", List.of("CPU_PACKAGE", "DRAM"), "unavailable",
                        "/sys/class/powercap/intel-rapl:0/energy_uj is not readable | permission denied",
                        "run as root, or `chmod o+r` the energy_uj files", "CPU package and DRAM", null));
    }

    private static IdleBaseline idle() {
        return new IdleBaseline(3.25, "ESTIMATE", 5.0, 16.25, "this JVM process's CPU time through a package power model",
                0.5);
    }

    private static TaskModelResult result(String task, String model, long params, double accuracy, List<Double> ci,
                                          Stat jPerQuery, Stat jPerToken, Stat tokensPerS, double p50, double p95) {
        int queries = 12;
        long tokens = 96;
        Map<String, Stat> other = new LinkedHashMap<>();
        other.put("mrr", Stat.of(Math.min(1, accuracy + 0.0625), accuracy - 0.2, Math.min(1, accuracy + 0.15), 4, "items"));
        return new TaskModelResult(task, model, "onnx", "cpu", "fp32", params, 3, queries, tokens,
                new Accuracy("accuracy@1", accuracy, ci, 4, "items", other),
                new EnergyResult("estimate", "ESTIMATE", "this JVM process's CPU time through a package power model", "query",
                        jPerQuery.mean() * queries + 3.25 * 0.1, jPerQuery.mean() * queries, jPerQuery, jPerToken,
                        0.4, 0.5),
                new Throughput(tokensPerS, tokensPerS.mean() / 8), new Latency(p50, p95));
    }

    private static List<QueryRecord> queries(String small) {
        List<QueryRecord> q = new ArrayList<>();
        q.add(new QueryRecord(RETRIEVAL, small, "onnx", 0, "fixture-item-1", 8, 0.0123456789123, 0.0061728394561,
                2.5, 1.0, "ESTIMATE"));
        q.add(new QueryRecord(RETRIEVAL, small, "onnx", 1, "say \"hi\", then\nleave", 7, 0.0000001, -0.00000005,
                2.25, 0.0, "ESTIMATE"));
        q.add(new QueryRecord(RETRIEVAL, LARGE, "onnx", 0, "fixture-item-1", 8, 12345678901.0, 1.5e-12, 41.125,
                0.5, "ESTIMATE"));
        q.add(new QueryRecord(CLASSIFICATION, TINY, "onnx", 2, "a,b", 3, 0.1 + 0.2, 0, 1000000.0, Double.NaN,
                "ESTIMATE"));
        return q;
    }
}
