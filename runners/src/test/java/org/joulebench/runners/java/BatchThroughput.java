package org.joulebench.runners.java;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.SharedGenerator;

/**
 * A measurement, not a test: output tokens/s of the java engine behind {@link SharedGenerator} with 1, 2, 4, 8
 * concurrent closed-loop callers, and of its single path alone. Run by hand:
 * {@code java -cp ... org.joulebench.runners.java.BatchThroughput MODEL.gguf THREADS TOKENS REQUESTS 1,2,4,8}.
 */
public final class BatchThroughput {

    private BatchThroughput() {
    }

    private static final String[] PROMPTS = {"And God said", "In the beginning", "The LORD is my shepherd",
        "And it came to pass", "Blessed are the meek", "Now the serpent was", "Then Jesus said", "Hear, O Israel"};

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int tokens = Integer.parseInt(args[2]);
        int perCaller = Integer.parseInt(args[3]);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (JavaLlamaBackend alone = JavaLlamaProvider.open(model, threads, true)) {
            alone.generate(request(0, tokens), GenerationListener.NONE);
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            int n = 0;
            for (int i = 0; i < perCaller; i++) {
                n += alone.generate(request(i, tokens), GenerationListener.NONE).newTokens();
            }
            report("alone", n, System.nanoTime() - t0, os.getProcessCpuTime() - cpu0);
        }
        for (String b : args[4].split(",")) {
            int batch = Integer.parseInt(b);
            try (SharedGenerator g = SharedGenerator.of(JavaLlamaProvider.open(model, threads, true), batch)) {
                run(g, batch, tokens, 1);
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                int n = run(g, batch, tokens, perCaller);
                report("batch " + batch + (g.whyNotBatched().isPresent() ? " (serial)" : ""), n,
                        System.nanoTime() - t0, os.getProcessCpuTime() - cpu0);
            }
        }
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
        System.out.printf(Locale.ROOT, "%-18s %6d tokens in %7.2f s: %8.1f tokens/s, %6.2f ms CPU per token%n", what,
                tokens, nanos / 1e9, tokens / (nanos / 1e9), cpuNanos / 1e6 / tokens);
    }
}
