package org.joulebench.harness;

import java.util.List;
import java.util.Objects;

import org.joulebench.meters.MeterConfig;

/**
 * What a run does.
 *
 * @param suite        a built-in suite's name or a suite file's path
 * @param models       model ids; empty runs every model of the zoo that the suite's tasks can use
 * @param backend      backend id, or null for the first backend that supports each model
 * @param limit        measured queries per task; 0 for all
 * @param repetitions  measured passes over each task's queries, at least 1
 * @param warmup       warm-up queries per task and model before measuring (not recorded)
 * @param idleSeconds  length of the idle baseline window; 0 for none (net figures then equal gross, and say so)
 * @param meter        meter choice: {@code auto} or a meter id
 * @param meterConfig  roots and clocks for the meters
 * @param threads      backend threads; 0 lets the backend choose
 * @param seed         seed of the model-order shuffle
 * @param runId        the run's id
 * @param command      the command line, for the record
 * @param ggufFiles    GGUF files on disk to run besides (or, with no {@code models}, instead of) zoo models
 * @param placement    where the models run: the device of the embedding backends, the layers llama.cpp offloads,
 *                     and models behind OpenAI-compatible servers to run besides (or, with no {@code models},
 *                     instead of) zoo models
 * @param serving      the serving scenario's settings ({@code --scenario server}), or null for the single scenario
 *                     (one query at a time)
 * @param onnxFolders  folders of embedding models ({@code model.onnx} and {@code tokenizer.json}) to run besides
 *                     (or, with no {@code models}, instead of) zoo models
 */
public record RunConfig(String suite, List<String> models, String backend, int limit, int repetitions, int warmup,
                        double idleSeconds, String meter, MeterConfig meterConfig, int threads, long seed,
                        String runId, String command, List<java.nio.file.Path> ggufFiles, Placement placement,
                        ServingPlan serving, List<java.nio.file.Path> onnxFolders) {

    /** A run with no ONNX folders. */
    public RunConfig(String suite, List<String> models, String backend, int limit, int repetitions, int warmup,
                     double idleSeconds, String meter, MeterConfig meterConfig, int threads, long seed, String runId,
                     String command, List<java.nio.file.Path> ggufFiles, Placement placement, ServingPlan serving) {
        this(suite, models, backend, limit, repetitions, warmup, idleSeconds, meter, meterConfig, threads, seed, runId,
                command, ggufFiles, placement, serving, List.of());
    }

    /** A run of the single scenario placed as {@code placement}. */
    public RunConfig(String suite, List<String> models, String backend, int limit, int repetitions, int warmup,
                     double idleSeconds, String meter, MeterConfig meterConfig, int threads, long seed, String runId,
                     String command, List<java.nio.file.Path> ggufFiles, Placement placement) {
        this(suite, models, backend, limit, repetitions, warmup, idleSeconds, meter, meterConfig, threads, seed, runId,
                command, ggufFiles, placement, null);
    }

    /** A run on the CPU, in the scenario {@code serving} says (null: single). */
    public RunConfig(String suite, List<String> models, String backend, int limit, int repetitions, int warmup,
                     double idleSeconds, String meter, MeterConfig meterConfig, int threads, long seed, String runId,
                     String command, List<java.nio.file.Path> ggufFiles, ServingPlan serving) {
        this(suite, models, backend, limit, repetitions, warmup, idleSeconds, meter, meterConfig, threads, seed, runId,
                command, ggufFiles, Placement.CPU, serving);
    }

    /** A run of zoo models and GGUF files on the CPU. */
    public RunConfig(String suite, List<String> models, String backend, int limit, int repetitions, int warmup,
                     double idleSeconds, String meter, MeterConfig meterConfig, int threads, long seed, String runId,
                     String command, List<java.nio.file.Path> ggufFiles) {
        this(suite, models, backend, limit, repetitions, warmup, idleSeconds, meter, meterConfig, threads, seed, runId,
                command, ggufFiles, Placement.CPU, null);
    }

    /** A run of zoo models only. */
    public RunConfig(String suite, List<String> models, String backend, int limit, int repetitions, int warmup,
                     double idleSeconds, String meter, MeterConfig meterConfig, int threads, long seed, String runId,
                     String command) {
        this(suite, models, backend, limit, repetitions, warmup, idleSeconds, meter, meterConfig, threads, seed, runId,
                command, List.of());
    }

    public RunConfig {
        Objects.requireNonNull(suite, "suite");
        models = List.copyOf(models);
        ggufFiles = ggufFiles == null ? List.of() : List.copyOf(ggufFiles);
        onnxFolders = onnxFolders == null ? List.of() : List.copyOf(onnxFolders);
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(meterConfig, "meterConfig");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(command, "command");
        placement = placement == null ? Placement.CPU : placement;
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0 = all), was " + limit);
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, was " + repetitions);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be >= 0, was " + warmup);
        }
        if (!(idleSeconds >= 0 && Double.isFinite(idleSeconds))) {
            throw new IllegalArgumentException("idle seconds must be >= 0 (0: no idle baseline, net = gross), was "
                    + idleSeconds);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, was " + threads);
        }
    }
}
