package org.joulebench.harness;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import org.joulebench.meters.MeterSet;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Backends;
import org.joulebench.runners.Embedding;
import org.joulebench.runners.EmbeddingBackend;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelFiles;
import org.joulebench.zoo.ModelLoadException;
import org.joulebench.zoo.ModelZoo;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The harness's cost per embedding query against a bare ONNX Runtime loop, on the zoo's all-MiniLM-L6-v2 (fp32) with
 * two intra-op threads, one text per query, the same eight texts in turn:
 * <ul>
 *   <li>{@code bareOrt}: what anyone using ONNX Runtime writes: the model's tokenizer.json through Hugging Face
 *       tokenizers, the three input tensors, {@code session.run}, mean pooling and L2 normalisation of the output;</li>
 *   <li>{@code harnessQuery}: one measured query as {@code EmbeddingPasses.measure} makes it: a window on the run's
 *       meters (RAPL on a fake powercap tree), the latency on the meters' clock, the {@code onnxruntime} backend's
 *       {@code embed} (found by ServiceLoader, opened as a run opens it), the window's figures and the sample. The
 *       task's scoring of the vector is left out: it is the suite's work, not overhead.</li>
 * </ul>
 * Each runs in its own JVM, so each has ONNX Runtime to itself; on a loaded machine their difference drowns in the
 * noise, which {@code pairedOverhead} overcomes by alternating the two query by query in one JVM. The setups check
 * that both give the same vector, so that they do the same work. The goal: the harness within 2 % of the bare loop's time per query.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@org.openjdk.jmh.annotations.Measurement(iterations = 3, time = 2)
// a deep stack: the bare loop makes ONNX Runtime's environment on a benchmark thread, and ONNX Runtime 1.29 parses
// the command line (a fork's is its whole class path) recursively there (Sessions makes it on a thread of its own)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class EmbeddingOverheadBenchmark {

    static final String MODEL = "all-minilm-l6-v2";
    static final int THREADS = 2;
    static final List<String> TEXTS = List.of(
            "a domestic cat that sleeps most of the day",
            "a motor vehicle with four wheels, usually propelled by an internal combustion engine",
            "the fruit of a rose plant",
            "a large body of salt water partly enclosed by land",
            "an instrument for measuring the passage of time",
            "a person who writes poems",
            "the act of moving quickly on foot",
            "a building where books are kept and lent");

    /** The model's files from the zoo, sha256 verified. */
    static ModelFiles model() throws ModelLoadException {
        ModelZoo zoo = ModelZoo.builtIn();
        ModelEntry entry = zoo.find(MODEL).orElseThrow(() -> new IllegalStateException("no " + MODEL + " in the zoo"));
        return zoo.load(entry);
    }

    /** The bare loop's session and tokenizer, made as the backend makes them (shared pool, no spinning, all optimisations). */
    @State(Scope.Benchmark)
    public static class Bare {
        OrtEnvironment env;
        OrtSession session;
        HuggingFaceTokenizer tokenizer;
        boolean tokenTypes;
        int next;

        @Setup(Level.Trial)
        public void open() throws Exception {
            try (OrtEnvironment.ThreadingOptions pool = new OrtEnvironment.ThreadingOptions()) {
                pool.setGlobalIntraOpNumThreads(THREADS);
                pool.setGlobalInterOpNumThreads(1);
                pool.setGlobalSpinControl(false);
                openIn(OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "bare", pool));
            }
            sameVectorAsTheHarness(this);
        }

        /** The session in {@code environment}, which must have a shared pool of {@value #THREADS} threads. */
        void openIn(OrtEnvironment environment) throws Exception {
            env = environment;
            ModelFiles files = model();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.disablePerSessionThreads();
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                session = env.createSession(files.model(), options);
            }
            tokenTypes = session.getInputNames().contains("token_type_ids");
            tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(files.tokenizer()), Map.of(
                    "addSpecialTokens", "true", "truncation", "true",
                    "maxLength", Integer.toString(files.entry().maxTokens()), "padding", "false"));
        }

        @TearDown(Level.Trial)
        public void close() throws OrtException {
            tokenizer.close();
            session.close();
        }

        float[] embed(String text) throws OrtException {
            Encoding e = tokenizer.encode(text);
            long[] ids = e.getIds();
            long[] shape = {1, ids.length};
            long[] mask = e.getAttentionMask();
            try (OnnxTensor idT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                 OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                 OnnxTensor typeT = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getTypeIds()), shape)) {
                Map<String, OnnxTensor> inputs = tokenTypes
                        ? Map.of("input_ids", idT, "attention_mask", maskT, "token_type_ids", typeT)
                        : Map.of("input_ids", idT, "attention_mask", maskT);
                try (OrtSession.Result result = session.run(inputs)) {
                    OnnxTensor hidden = (OnnxTensor) result.get(0);
                    FloatBuffer values = hidden.getFloatBuffer();
                    int width = (int) hidden.getInfo().getShape()[2];
                    float[] v = new float[width];
                    for (int t = 0; t < ids.length; t++) {
                        for (int c = 0; c < width; c++) {
                            v[c] += values.get(t * width + c);
                        }
                    }
                    double norm = 0;
                    for (float x : v) {
                        norm += (double) x * x;
                    }
                    float scale = (float) (1 / Math.sqrt(norm)); // the mean's 1/n cancels in the normalisation
                    for (int c = 0; c < width; c++) {
                        v[c] *= scale;
                    }
                    return v;
                }
            }
        }
    }

    /** A run's meters and the backend, opened as a run opens them. */
    @State(Scope.Benchmark)
    public static class Harness {
        BenchRun run;
        EmbeddingBackend backend;
        int next;

        @Setup(Level.Trial)
        public void open() throws IOException, MeterUnavailableException, ModelLoadException, BackendException {
            run = new BenchRun();
            ModelFiles files = model();
            backend = Backends.supporting(files.entry()).get(0).open(files, BackendConfig.cpu(THREADS));
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            backend.close();
            run.close();
        }

        Pass.Query query(String item, String text) throws BackendException {
            return measure(item, () -> backend.embed(text));
        }

        /** What the harness does around {@code embed}, as {@code EmbeddingPasses.measure}. */
        Pass.Query measure(String item, Embedder embed) throws BackendException {
            MeterSet.Windows w = run.energy.begin(item);
            long t0 = run.clock.nanoTime();
            Embedding e = embed.embed();
            long t1 = run.clock.nanoTime();
            RunEnergy.Figures f = run.energy.figures(w.end(), 0);
            return new Pass.Query(new TaskModelAggregator.Sample(0, item, e.tokens(), f.gross(), f.net(),
                    f.seconds(), (t1 - t0) / 1e6, null, false, null, 0, f.domains()), f.shortMeters());
        }
    }

    /**
     * The bare loop and the harness in one JVM, on one ONNX Runtime pool: the backend opens first and makes the
     * process's environment with its shared pool of {@value #THREADS} threads, as in a run; the bare session then
     * joins that pool with the same options.
     */
    @State(Scope.Benchmark)
    public static class Paired {
        final Harness harness = new Harness();
        final Bare bare = new Bare();

        @Setup(Level.Trial)
        public void open() throws Exception {
            harness.open();
            bare.openIn(OrtEnvironment.getEnvironment());
            float[] mine = bare.embed(TEXTS.get(1));
            float[] theirs = harness.backend.embed(TEXTS.get(1)).vector();
            double dot = 0;
            for (int i = 0; i < mine.length; i++) {
                dot += (double) mine[i] * theirs[i];
            }
            if (dot < 0.9999) {
                throw new IllegalStateException("the bare loop's vector differs from the backend's (cosine " + dot
                        + "): the two loops would not do the same work");
            }
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            bare.close();
            harness.close();
        }
    }

    /**
     * One invocation's figures ({@code pairedOverhead}); JMH's summary line sums them over the iterations, so read
     * each iteration's line or the JSON's raw data.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class PairFigures {
        /** Mean time per query, µs: the bare loop, the backend's {@code embed} alone, a whole harness query. */
        public double bareUs;
        public double backendUs;
        public double harnessUs;
        /** 100 × (harness − bare) / bare over the invocation's queries. */
        public double overheadPercent;
        /**
         * The medians over the invocation's rounds of 100 × (x − bare) / bare, for x the harness query and the backend
         * alone: robust to a burst of other load.
         */
        public double medianOverheadPercent;
        public double medianBackendOverheadPercent;
    }

    /** Rounds of queries per invocation of {@code pairedOverhead}. */
    static final int ROUNDS = 30;

    /**
     * {@value #ROUNDS} rounds of three queries on the same text: the bare loop, the backend's {@code embed} alone (the
     * runner without the harness's windows) and a whole harness query, their order turned round by round, each timed.
     * Load from other processes falls on all three alike, which makes their differences measurable on a shared
     * machine. The primary score is the invocation's wall time; the figures are {@link PairFigures}.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @org.openjdk.jmh.annotations.Measurement(iterations = 10)
    public void pairedOverhead(Paired p, PairFigures figures) throws OrtException, BackendException {
        long[] total = new long[3];
        double[] harnessRatios = new double[ROUNDS];
        double[] backendRatios = new double[ROUNDS];
        Query[] queries = new Query[3];
        for (int i = 0; i < ROUNDS; i++) {
            String text = TEXTS.get(i & 7);
            queries[0] = () -> p.bare.embed(text);
            queries[1] = () -> p.harness.backend.embed(text);
            queries[2] = () -> p.harness.query("q", text);
            long[] t = new long[3];
            for (int k = 0; k < 3; k++) {
                int which = (i + k) % 3;
                t[which] = time(queries[which]);
            }
            for (int k = 0; k < 3; k++) {
                total[k] += t[k];
            }
            backendRatios[i] = 100.0 * (t[1] - t[0]) / t[0];
            harnessRatios[i] = 100.0 * (t[2] - t[0]) / t[0];
        }
        figures.bareUs = total[0] / 1e3 / ROUNDS;
        figures.backendUs = total[1] / 1e3 / ROUNDS;
        figures.harnessUs = total[2] / 1e3 / ROUNDS;
        figures.overheadPercent = 100.0 * (total[2] - total[0]) / total[0];
        figures.medianOverheadPercent = median(harnessRatios);
        figures.medianBackendOverheadPercent = median(backendRatios);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private interface Query {
        Object run() throws OrtException, BackendException;
    }

    private static Object sink;

    private static long time(Query q) throws OrtException, BackendException {
        long t0 = System.nanoTime();
        sink = q.run();
        return System.nanoTime() - t0;
    }

    /** One embedding. */
    interface Embedder {
        Embedding embed() throws BackendException;
    }

    private static final Embedding ALREADY_MADE = new Embedding(new float[384], 12);

    /**
     * The harness's bookkeeping per query alone: {@code harnessQuery} with an embedding already made, so that only
     * the window, the clock reads, the figures and the sample remain.
     */
    @Benchmark
    public Pass.Query bookkeeping(Harness harness) throws BackendException {
        return harness.measure("q", () -> ALREADY_MADE);
    }

    /** Fails the setup unless the bare loop's vector is the backend's (so the two do the same work). */
    static void sameVectorAsTheHarness(Bare bare) throws Exception {
        ModelFiles files = model();
        String text = TEXTS.get(1);
        float[] mine = bare.embed(text);
        // The backend in this JVM joins the environment made above (a pool of its own), which changes no figure.
        try (EmbeddingBackend backend = Backends.supporting(files.entry()).get(0).open(files,
                BackendConfig.cpu(THREADS))) {
            float[] theirs = backend.embed(text).vector();
            double dot = 0;
            for (int i = 0; i < mine.length; i++) {
                dot += (double) mine[i] * theirs[i];
            }
            if (mine.length != theirs.length || dot < 0.9999) {
                throw new IllegalStateException("the bare loop's vector differs from the backend's (cosine " + dot
                        + "): the two loops would not do the same work");
            }
        }
    }

    @Benchmark
    public float[] bareOrt(Bare bare) throws OrtException {
        return bare.embed(TEXTS.get(bare.next++ & 7));
    }

    @Benchmark
    public Pass.Query harnessQuery(Harness harness) throws BackendException {
        int i = harness.next++ & 7;
        return harness.query("q" + i, TEXTS.get(i));
    }
}
