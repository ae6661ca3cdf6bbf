package org.joulebench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import org.joulebench.meters.MeterSet;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Engines;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelLoadException;
import org.joulebench.zoo.ModelZoo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The harness's cost per generation query against a bare java-llama.cpp loop, on a KJV model of the zoo (GGUF), two
 * threads, {@value #NEW_TOKENS} greedy tokens past end-of-sequence (fixed length) after the same prompt, the prompt
 * cache off:
 * <ul>
 *   <li>{@code bareLlama}: the binding in this JVM, its iterator drained with nothing per token (as the llama.cpp
 *       child's own {@code bench} loop);</li>
 *   <li>{@code harnessQuery}: one measured query as {@code GenerationPasses} makes it: three windows on the run's
 *       meters (the response, its prefill and its decode, switched at the first token; RAPL on a fake powercap tree),
 *       the latency on the meters' clock, and the {@code llamacpp} engine's {@code generate} (found by ServiceLoader,
 *       opened as a run opens it: the model in a child JVM, requests and tokens over a pipe).</li>
 * </ul>
 * The goal: the harness within 2 % of the bare loop's time per query.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@org.openjdk.jmh.annotations.Measurement(iterations = 3, time = 2)
// llama.cpp's server thread is no daemon and outlives the closed model: a short shutdown wait, then JMH ends the fork
@Fork(value = 1, jvmArgsAppend = {"-Djmh.shutdownTimeout=1", "-Djmh.shutdownTimeout.step=1"})
public class GenerationOverheadBenchmark {

    static final int THREADS = 2;
    static final int NEW_TOKENS = 64;
    static final String PROMPT = "And God said, Let there be light: and there was light. And God saw the light,";

    @Param({"kjv-small", "kjv-large"})
    public String model;

    private Path cache;
    private ModelEntry entry;
    private Path file;

    /** The bare loop's model, loaded as the llama.cpp child loads it. */
    @State(Scope.Benchmark)
    public static class Bare {
        LlamaModel llama;
        InferenceParameters parameters;

        @Setup(Level.Trial)
        public void open(GenerationOverheadBenchmark b) {
            LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> { });
            llama = new LlamaModel(new ModelParameters().setModel(b.file.toString()).setCtxSize(b.entry.maxTokens())
                    .setParallel(1).setGpuLayers(0).disableContextShift().setThreads(THREADS)
                    .setThreadsBatch(THREADS));
            parameters = new InferenceParameters(PROMPT).setNPredict(NEW_TOKENS).setIgnoreEos(true)
                    .setCachePrompt(false).setTemperature(0f).setTopK(1).setTopP(1f).setMinP(0f).setTypicalP(1f)
                    .setRepeatPenalty(1f).setFrequencyPenalty(0f).setPresencePenalty(0f).setSeed(0);
        }

        @TearDown(Level.Trial)
        public void close() {
            llama.close();
        }
    }

    /** A run's meters and the llamacpp engine, opened as a run opens them. */
    @State(Scope.Benchmark)
    public static class Harness {
        BenchRun run;
        GenerationBackend backend;
        GenerationRequest request;

        @Setup(Level.Trial)
        public void open(GenerationOverheadBenchmark b) throws IOException, MeterUnavailableException,
                BackendException {
            run = new BenchRun();
            backend = Engines.find("llamacpp").orElseThrow(() -> new IllegalStateException("no llamacpp engine"))
                    .open(b.entry, b.file, BackendConfig.cpu(THREADS));
            request = new GenerationRequest(PROMPT, NEW_TOKENS, true, GenerationRequest.Sampling.GREEDY);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            backend.close();
            run.close();
        }
    }

    @Setup(Level.Trial)
    public void model() throws IOException, ModelLoadException {
        ModelZoo zoo = ModelZoo.builtIn();
        entry = zoo.find(model).orElseThrow(() -> new IllegalStateException("no " + model + " in the zoo"));
        cache = Files.createTempDirectory("joulebench-bench-models-");
        file = zoo.modelFile(entry, cache);
    }

    @TearDown(Level.Trial)
    public void deleteModel() throws IOException {
        try (var all = Files.walk(cache)) { // the copy and what the zoo keeps beside it
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public int bareLlama(Bare bare) {
        int outputs = 0;
        for (LlamaOutput ignored : bare.llama.generate(bare.parameters)) {
            outputs++;
        }
        return outputs;
    }

    @Benchmark
    public Pass.Query harnessQuery(Harness h) throws BackendException {
        RunEnergy energy = h.run.energy;
        MeterSet.Windows total = energy.begin("q");
        MeterSet.Windows[] phase = {energy.begin("q prefill"), null};
        MeterSet.Readings[] prefill = {null};
        long t0 = h.run.clock.nanoTime();
        GenerationListener listener = new GenerationListener() {
            @Override
            public void prefillDone(int promptTokens) {
                if (prefill[0] == null) {
                    prefill[0] = phase[0].end();
                    phase[1] = energy.begin("q decode");
                }
            }
        };
        Generation g = h.backend.generate(h.request, listener);
        long t1 = h.run.clock.nanoTime();
        if (prefill[0] == null) {
            listener.prefillDone(g.promptTokens());
        }
        RunEnergy.Figures decode = energy.figures(phase[1].end(), 0);
        RunEnergy.Figures whole = energy.figures(total.end(), 0);
        RunEnergy.Figures pre = energy.figures(prefill[0], 0);
        TaskModelAggregator.GenParts parts = new TaskModelAggregator.GenParts(g.promptTokens(), g.newTokens(),
                pre.gross(), pre.net(), pre.seconds(), decode.gross(), decode.net(), decode.seconds());
        return new Pass.Query(new TaskModelAggregator.Sample(0, "q", g.promptTokens() + g.newTokens(), whole.gross(),
                whole.net(), whole.seconds(), (t1 - t0) / 1e6, null, false, parts, 0, whole.domains()),
                whole.shortMeters());
    }
}
