package org.joulebench.runners;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.joulebench.runners.java.JavaLlamaProvider;
import org.joulebench.runners.llamacpp.LlamaCppProvider;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;

/**
 * A measurement, not a test: output tokens/s of a local engine behind {@link SharedGenerator} with 1, 2, 4, 8
 * concurrent closed-loop callers (each sends REQUESTS requests of TOKENS greedy tokens, one after another), and of the
 * engine alone. Run by hand with the test class path:
 * {@code java -cp ... org.joulebench.runners.BatchThroughput java|llamacpp MODEL.gguf THREADS TOKENS REQUESTS 1,2,4,8}.
 */
public final class BatchThroughput {

    private BatchThroughput() {
    }

    private static final String[] PROMPTS = {"And God said", "In the beginning", "The LORD is my shepherd",
        "And it came to pass", "Blessed are the meek", "Now the serpent was", "Then Jesus said", "Hear, O Israel"};

    public static void main(String[] args) throws Exception {
        String engine = args[0];
        Path model = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        int tokens = Integer.parseInt(args[3]);
        int perCaller = Integer.parseInt(args[4]);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (GenerationBackend alone = open(engine, model, threads)) {
            alone.generate(request(0, tokens), GenerationListener.NONE);
            long cpu0 = cpu(os);
            long t0 = System.nanoTime();
            int n = 0;
            for (int i = 0; i < perCaller; i++) {
                n += alone.generate(request(i, tokens), GenerationListener.NONE).newTokens();
            }
            report("alone", n, System.nanoTime() - t0, cpu(os) - cpu0);
        }
        for (String b : args[5].split(",")) {
            int batch = Integer.parseInt(b);
            try (SharedGenerator g = SharedGenerator.of(open(engine, model, threads), batch)) {
                run(g, batch, tokens, 1);
                long cpu0 = cpu(os);
                long t0 = System.nanoTime();
                int n = run(g, batch, tokens, perCaller);
                report("batch " + batch + (g.whyNotBatched().isPresent() ? " (serial)" : ""), n,
                        System.nanoTime() - t0, cpu(os) - cpu0);
            }
        }
    }

    /** CPU time of this process and its children (llama.cpp's child JVM), in nanoseconds. */
    private static long cpu(com.sun.management.OperatingSystemMXBean os) {
        long children = ProcessHandle.current().descendants()
                .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
        return os.getProcessCpuTime() + children;
    }

    private static GenerationBackend open(String engine, Path model, int threads) throws BackendException {
        ModelEntry entry = new ModelEntry("bench", "Llama", "generation", 1, 1, 1, Precision.FP32, "gguf",
                new ModelSource("file", model.toAbsolutePath().getParent().toString(), model.getFileName().toString(),
                        ""), "0".repeat(64), 1, "CC0-1.0", Pooling.MEAN, false, 512, "bench", "");
        GenerationProvider provider = engine.equals("java") ? new JavaLlamaProvider() : new LlamaCppProvider();
        return provider.open(entry, model, BackendConfig.cpu(threads));
    }

    private static GenerationRequest request(int i, int tokens) {
        return new GenerationRequest(PROMPTS[i % PROMPTS.length], tokens, true, GenerationRequest.Sampling.GREEDY);
    }

    /** {@code callers} threads each generate {@code perCaller} requests one after another; returns the tokens. */
    private static int run(SharedGenerator g, int callers, int tokens, int perCaller) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                done.add(pool.submit(() -> {
                    int n = 0;
                    for (int i = 0; i < perCaller; i++) {
                        n += g.generate(request(caller + i, tokens), GenerationListener.NONE).newTokens();
                    }
                    return n;
                }));
            }
            int n = 0;
            for (Future<Integer> f : done) {
                n += f.get();
            }
            return n;
        } finally {
            pool.shutdown();
        }
    }

    private static void report(String what, int tokens, long nanos, long cpuNanos) {
        System.out.printf(Locale.ROOT, "%-18s %6d tokens in %7.2f s: %8.1f tokens/s, %6.2f ms CPU per token (with children)%n", what,
                tokens, nanos / 1e9, tokens / (nanos / 1e9), cpuNanos / 1e6 / tokens);
    }
}
