package org.joulebench.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.HostInfo;
import org.joulebench.harness.IdleBaseline;
import org.joulebench.harness.MeterInfo;
import org.joulebench.harness.PowerTrace;
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
 * Made-up runs for rendering tests. Nothing here was measured: every id says "fixture" so that no
 * invented figure can pass for a real result.
 * <ul>
 * <li>{@link #run()}: an ESTIMATE run as older results read: no baseline after the suite, no warnings,
 * no power trace, no attribution, every query in its own window.</li>
 * <li>{@link #sampledRun()}: a COUNTER run with everything the sampler added: a baseline after the suite
 * that drifted, warnings, a power trace with many phases, ATTRIBUTED shares and apportioned windows.</li>
 * <li>{@link #generationRun()}: an ESTIMATE run of generative models: two fixture models on two engines
 * ({@code java}, {@code llamacpp}) and a synthetic random-weight model without accuracy, over a completion
 * task with generation figures and a bits/char task (lower is better, scored by log-likelihood).</li>
 * </ul>
 */
public final class ReportFixtures {

    public static final String SMALL = "fixture-small";
    public static final String LARGE = "fixture-large";
    public static final String TINY = "fixture-tiny";
    public static final String RETRIEVAL = "fixture-retrieval";
    public static final String CLASSIFICATION = "fixture-classification";

    public static final String GEN_SMALL = "fixture-gen-small";
    public static final String GEN_LARGE = "fixture-gen-large";
    /** A synthetic model with random weights: measured for energy, without accuracy. */
    public static final String SYNTHETIC = "fixture-synthetic-random";
    public static final String COMPLETION = "fixture-completion";
    public static final String BITS_PER_CHAR = "fixture-bits-per-char";
    public static final String JAVA = "java";
    public static final String LLAMACPP = "llamacpp";

    private ReportFixtures() {
    }

    /**
     * Generative models, ESTIMATE ±50%: {@link #GEN_SMALL} (135M, fp16) and {@link #GEN_LARGE} (1.7B, int8) on
     * the engines {@link #JAVA} and {@link #LLAMACPP}, and {@link #SYNTHETIC} (15M, random weights, accuracy
     * null) on {@link #JAVA}, over {@link #COMPLETION} (generates; next-word exact match, higher is better;
     * generation figures) and {@link #BITS_PER_CHAR} (scored by log-likelihood; bits/char, lower is better, a
     * t-interval over items; no generation figures). On bits/char the small model is a little worse on the
     * cheaper engine and the large one a little better, so the lower-is-better frontier holds
     * {@code small (llamacpp)}, {@code small (java)} and {@code large (llamacpp)}, where a higher-is-better
     * one would hold only {@code small (llamacpp)}.
     */
    public static RunResult generationRun() {
        List<TaskModelResult> results = List.of(
                generated(GEN_SMALL, JAVA, "fp16", 135_000_000L, exactMatch(0.25, 0.05, 0.57),
                        Stat.of(0.045, 0.041, 0.049, 3, "repetitions"), Stat.of(0.0062, 0.0055, 0.0069, 3, "repetitions"),
                        Stat.of(1.6, 1.45, 1.75, 3, "repetitions"), Stat.of(38.5, 36.0, 41.0, 3, "repetitions"),
                        new Latency(120.0, 180.5), new Latency(26.0, 29.5), List.of(32.0, 32.0, 32.0)),
                generated(GEN_SMALL, LLAMACPP, "fp16", 135_000_000L, exactMatch(0.25, 0.05, 0.57),
                        Stat.of(0.012, 0.011, 0.0135, 3, "repetitions"), Stat.of(0.0011, 0.00095, 0.00125, 3, "repetitions"),
                        Stat.of(0.42, 0.39, 0.46, 3, "repetitions"), Stat.of(145.0, 138.5, 151.5, 3, "repetitions"),
                        new Latency(25.0, 40.0), new Latency(6.9, 7.4), List.of(32.0, 32.0, 32.0)),
                generated(GEN_LARGE, JAVA, "int8", 1_700_000_000L, exactMatch(0.5, 0.22, 0.78),
                        Stat.of(0.62, 0.58, 0.67, 3, "repetitions"), Stat.of(0.085, 0.079, 0.091, 3, "repetitions"),
                        Stat.of(21.5, 20.25, 22.75, 3, "repetitions"), Stat.of(3.1, 2.9, 3.3, 3, "repetitions"),
                        new Latency(1450.0, 1600.0), new Latency(322.0, 340.0), List.of(30.0, 31.5, 32.0)),
                generated(GEN_LARGE, LLAMACPP, "int8", 1_700_000_000L, exactMatch(0.5, 0.22, 0.78),
                        Stat.of(0.15, 0.14, 0.165, 3, "repetitions"), Stat.of(0.018, 0.0165, 0.0195, 3, "repetitions"),
                        Stat.of(5.2, 4.85, 5.55, 3, "repetitions"), Stat.of(13.5, 12.75, 14.25, 3, "repetitions"),
                        new Latency(310.0, 350.0), new Latency(74.0, 79.5), List.of(30.0, 31.5, 32.0)),
                generated(SYNTHETIC, JAVA, "fp32", 15_000_000L, null,
                        Stat.of(0.0061, 0.0058, 0.0065, 3, "repetitions"), Stat.of(0.0009, 0.0008, 0.001, 3, "repetitions"),
                        Stat.of(0.2, 0.19, 0.21, 3, "repetitions"), Stat.of(290.0, 281.0, 299.0, 3, "repetitions"),
                        new Latency(9.0, 14.0), null, List.of(1.0, 32.0, 32.0)),
                scored(GEN_SMALL, JAVA, "fp16", 135_000_000L, bitsPerChar(2.41, 2.2, 2.62),
                        Stat.of(0.9, 0.84, 0.96, 3, "repetitions"), Stat.of(0.02, 0.018, 0.022, 3, "repetitions")),
                scored(GEN_SMALL, LLAMACPP, "fp16", 135_000_000L, bitsPerChar(2.43, 2.21, 2.65),
                        Stat.of(0.36, 0.33, 0.39, 3, "repetitions"), Stat.of(0.008, 0.0074, 0.0086, 3, "repetitions")),
                scored(GEN_LARGE, JAVA, "int8", 1_700_000_000L, bitsPerChar(1.64, 1.49, 1.79),
                        Stat.of(13.5, 12.6, 14.4, 3, "repetitions"), Stat.of(0.3, 0.28, 0.32, 3, "repetitions")),
                scored(GEN_LARGE, LLAMACPP, "int8", 1_700_000_000L, bitsPerChar(1.62, 1.47, 1.77),
                        Stat.of(4.5, 4.2, 4.8, 3, "repetitions"), Stat.of(0.1, 0.093, 0.107, 3, "repetitions")),
                scored(SYNTHETIC, JAVA, "fp32", 15_000_000L, null,
                        Stat.of(0.13, 0.12, 0.14, 3, "repetitions"), Stat.of(0.003, 0.0028, 0.0032, 3, "repetitions")));
        return new RunResult(RunResult.SCHEMA, runInfo(), host(), meters(), idle(), results, List.of());
    }

    private static Accuracy exactMatch(double value, double lo, double hi) {
        Map<String, Stat> other = new LinkedHashMap<>();
        other.put("char-accuracy@32", Stat.of(Math.min(1, value + 0.125), value, Math.min(1, value + 0.25), 4, "items"));
        return new Accuracy("next-word exact match", value, List.of(lo, hi), 4, "items", other, Boolean.TRUE);
    }

    private static Accuracy bitsPerChar(double value, double lo, double hi) {
        return new Accuracy("bits/char", value, List.of(lo, hi), 4, "items", Map.of(), Boolean.FALSE);
    }

    /** A result of {@link #COMPLETION}: 4 items × 3 repetitions, 20 prompt tokens and about 32 new ones each. */
    private static TaskModelResult generated(String model, String engine, String precision, long params, Accuracy accuracy,
                                             Stat jPerGenerated, Stat jPerPrompt, Stat jPerResponse, Stat decodeRate,
                                             Latency ttft, Latency tpot, List<Double> outputTokens) {
        int queries = 12;
        long prompt = 240;
        long generated = 372;
        double net = jPerResponse.mean() * queries;
        Stat jPerToken = Stat.of(net / (prompt + generated), jPerResponse.lo() * queries / (prompt + generated),
                jPerResponse.hi() * queries / (prompt + generated), 3, "repetitions");
        double seconds = ttft.p50Ms() / 1000 + generated / decodeRate.mean() / queries;
        return new TaskModelResult(COMPLETION, model, engine, "cpu", precision, params, 3, queries, prompt + generated,
                accuracy,
                new EnergyResult("estimate", "ESTIMATE", "this JVM process's CPU time through a package power model",
                        "query", net + 3.25 * seconds * queries, net, jPerResponse, jPerToken, 0, 0.5),
                new Throughput(Stat.of((prompt + generated) / (seconds * queries), 0.95 * (prompt + generated) / (seconds * queries),
                        1.05 * (prompt + generated) / (seconds * queries), 3, "repetitions"), 1 / seconds),
                new Latency(seconds * 1000, seconds * 1150),
                new TaskModelResult.GenerationStats(prompt, generated, jPerPrompt, jPerGenerated, jPerResponse, ttft,
                        tpot, decodeRate, outputTokens));
    }

    /** A result of {@link #BITS_PER_CHAR}: scored by log-likelihood, so no generation figures. */
    private static TaskModelResult scored(String model, String engine, String precision, long params, Accuracy accuracy,
                                          Stat jPerQuery, Stat jPerToken) {
        int queries = 12;
        long tokens = Math.round(jPerQuery.mean() / jPerToken.mean() * queries);
        return new TaskModelResult(BITS_PER_CHAR, model, engine, "cpu", precision, params, 3, queries, tokens, accuracy,
                new EnergyResult("estimate", "ESTIMATE", "this JVM process's CPU time through a package power model",
                        "query", jPerQuery.mean() * queries + 3.25 * 0.5, jPerQuery.mean() * queries, jPerQuery, jPerToken,
                        0, 0.5),
                new Throughput(Stat.of(tokens / 6.0, tokens / 6.5, tokens / 5.5, 3, "repetitions"), queries / 6.0),
                new Latency(500.0, 620.0), null);
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

    /** Warnings of {@link #sampledRun()}; the second carries markup that must come out escaped. */
    public static final List<String> SAMPLED_WARNINGS = List.of(
            "idle power moved from 4.000 W before the suite to 4.800 W after it (+20.0%, more than 10%):"
                    + " background load or temperature changed during the run (fixture)",
            "the sampler could not read a meter 2 time(s); first: <b>fixture</b> read failed & \"retried\" | 'twice'");

    /**
     * The fixture run as measured with a whole-machine COUNTER and the sampler: baselines before (4 W) and
     * after (4.8 W, +20%) the suite, {@link #SAMPLED_WARNINGS}, a power trace over 2 series and 16 phases,
     * results whose windows are query, apportioned and mixed, and ATTRIBUTED shares for all but one.
     */
    public static RunResult sampledRun() {
        String apportioned = "pass, apportioned to queries by time";
        String mixed = "query, some apportioned from their pass";
        List<TaskModelResult> results = List.of(
                counter(RETRIEVAL, SMALL, 22_700_000L, 0.75, apportioned, Stat.of(0.5, 0.45, 0.56, 3, "repetitions"),
                        Stat.of(0.0625, 0.056, 0.07, 3, "repetitions"), 0.375),
                counter(RETRIEVAL, LARGE, 335_000_000L, 0.9, "query", Stat.of(8.0, 7.5, 8.6, 3, "repetitions"),
                        Stat.of(1.0, 0.9, 1.1, 3, "repetitions"), 0.5),
                counter(CLASSIFICATION, SMALL, 22_700_000L, 0.625, mixed, Stat.of(0.4, 0.35, 0.47, 3, "repetitions"),
                        Stat.of(0.05, 0.044, 0.059, 3, "repetitions"), null),
                counter(CLASSIFICATION, LARGE, 335_000_000L, 0.875, "query", Stat.of(7.0, 6.2, 7.7, 3, "repetitions"),
                        Stat.of(0.875, 0.775, 0.9625, 3, "repetitions"), 0.625));
        List<QueryRecord> queries = List.of(
                new QueryRecord(RETRIEVAL, SMALL, "onnx", 1, "fixture-item-1", 8, 0.55, 0.5, 2.5, 1.0, "COUNTER",
                        "apportioned"),
                new QueryRecord(RETRIEVAL, LARGE, "onnx", 1, "fixture-item-1", 8, 8.25, 8.0, 41.125, 1.0, "COUNTER",
                        "measured"),
                new QueryRecord(CLASSIFICATION, SMALL, "onnx", 1, "fixture-item-2", 6, 0.45, 0.4, 1.875, 0.0,
                        "COUNTER", "apportioned"),
                new QueryRecord(CLASSIFICATION, SMALL, "onnx", 2, "fixture-item-2", 6, 0.5, 0.375, 31.25, 0.0,
                        "COUNTER", "measured"));
        return new RunResult(RunResult.SCHEMA, runInfo(), host(), counterMeters(),
                new IdleBaseline(4.0, "COUNTER", 5.0, 20.0, RAPL_BOUNDARY, null),
                new IdleBaseline(4.8, "COUNTER", 5.0, 24.0, RAPL_BOUNDARY, null),
                results, SAMPLED_WARNINGS, powerTrace(), queries);
    }

    private static final String RAPL_BOUNDARY = "CPU package and DRAM of the whole machine (all processes)";

    private static List<MeterInfo> counterMeters() {
        return List.of(
                new MeterInfo("rapl", "COUNTER", List.of("CPU_PACKAGE", "DRAM"), "used",
                        "fixture: energy_uj readable for package-0 and dram", null, RAPL_BOUNDARY, null),
                new MeterInfo("estimate", "ESTIMATE", List.of(), "available", "fixture: not chosen", null, null, null));
    }

    private static TaskModelResult counter(String task, String model, long params, double accuracy, String window,
                                           Stat jPerQuery, Stat jPerToken, Double share) {
        int queries = 12;
        double net = jPerQuery.mean() * queries;
        double gross = net + 4.0 * 0.5;
        TaskModelResult.Attribution attribution = share == null ? null : new TaskModelResult.Attribution(share,
                gross * share, net * share, "fixture: process CPU time / busy CPU time of the whole machine");
        Stat tokensPerS = Stat.of(400.0, 380.0, 420.0, 3, "repetitions");
        return new TaskModelResult(task, model, "onnx", "cpu", "fp32", params, 3, queries, 96,
                new Accuracy("accuracy@1", accuracy, List.of(accuracy - 0.25, Math.min(1, accuracy + 0.1)), 4, "items",
                        Map.of()),
                new EnergyResult("rapl", "COUNTER", RAPL_BOUNDARY, window, gross, net, jPerQuery, jPerToken, 1.5, null,
                        attribution),
                new Throughput(tokensPerS, 50.0), new Latency(2.5, 4.0));
    }

    /**
     * 0.5 s samples over 120 s of two series, with a gap of three missed samples at 60 s; phases: idle,
     * preparing, warm-up, 2 tasks × 2 models × 3 repetitions of measuring (the small model's passes too
     * narrow to label), idle after.
     */
    private static PowerTrace powerTrace() {
        List<PowerTrace.Phase> phases = new ArrayList<>();
        phases.add(new PowerTrace.Phase("idle baseline", 0, 5));
        phases.add(new PowerTrace.Phase("preparing tasks", 5, 15));
        phases.add(new PowerTrace.Phase("warm-up", 15, 17));
        double t = 17;
        for (int rep = 1; rep <= 3; rep++) {
            for (String task : List.of(RETRIEVAL, CLASSIFICATION)) {
                for (String model : List.of(SMALL, LARGE)) {
                    double length = SMALL.equals(model) ? 1.5 : 15.0;
                    phases.add(new PowerTrace.Phase(task + " · " + model + " · repetition " + rep, t, t + length));
                    t += length;
                }
            }
        }
        phases.add(new PowerTrace.Phase("idle baseline (after)", t, t + 5));
        double end = t + 5;
        List<Double> seconds = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> dram = new ArrayList<>();
        for (int i = 1; i * 0.5 <= end; i++) {
            double s = i * 0.5;
            if (s > 60 && s <= 61.5) {
                continue;
            }
            boolean busy = phases.stream().anyMatch(p -> p.name().contains(" · ") && s > p.startS() && s <= p.endS());
            boolean setup = s > 5 && s <= 17;
            seconds.add(s);
            cpu.add((busy ? 30.0 : setup ? 18.0 : 4.0) + (i % 4) * 0.25);
            dram.add((busy ? 3.0 : 1.0) + (i % 3) * 0.125);
        }
        return new PowerTrace(0.5, List.of(
                new PowerTrace.Series("rapl", "CPU_PACKAGE", "COUNTER", seconds, cpu, 0),
                new PowerTrace.Series("rapl", "DRAM", "COUNTER", seconds, dram, 0)), phases, 3);
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
