package org.joulebench.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.joulebench.harness.InputException;
import org.joulebench.harness.RunFailedException;
import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Engines;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationProvider;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.llamacpp.LlamaCppProvider;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelLoadException;
import org.joulebench.zoo.ModelZoo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Decode speed of the generation engines side by side, in one process, rounds interleaved: a bare
 * java-llama.cpp loop (timed inside llama.cpp's child JVM, no protocol), Joulebench's llama.cpp
 * backend, and the pure-Java engine, on the same model, prompt and token count.
 */
@Command(name = "bench-engines", mixinStandardHelpOptions = true,
        description = "Decode tokens/s of the bare llama.cpp loop, the llamacpp backend and the java engine, side by side.")
final class BenchEnginesCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "ID", description = "a generation model of the zoo (default: ${DEFAULT-VALUE})")
    String model = "kjv-large";

    @Option(names = "--tokens", paramLabel = "N", description = "new tokens per round (default: ${DEFAULT-VALUE})")
    int tokens = 200;

    @Option(names = "--rounds", paramLabel = "N",
            description = "rounds, engines interleaved, their order turned each round (default: ${DEFAULT-VALUE})")
    int rounds = 5;

    @Option(names = "--threads", paramLabel = "N", description = "threads for both engines (default: ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--bandwidth-mib", paramLabel = "MIB",
            description = "array size of the memory read-bandwidth probe; 0 skips it (default: ${DEFAULT-VALUE})")
    int bandwidthMib = 512;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "the prompt (default: a held-out verse)")
    String prompt = "Now the word of the LORD came unto Jonah the son of Amittai, saying,";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException, RunFailedException {
        ModelZoo zoo = ModelZoo.builtIn();
        ModelEntry entry = zoo.find(model).orElseThrow(() -> new InputException("unknown model '" + model + "'",
                "see `joulebench zoo`"));
        Path file;
        try {
            file = zoo.modelFile(entry, ModelZoo.defaultCacheDir());
        } catch (ModelLoadException e) {
            throw new InputException(e.getMessage(), "see `joulebench zoo`");
        }
        if (tokens < 2 || rounds < 1 || threads < 1 || bandwidthMib < 0) {
            throw new InputException("--tokens must be >= 2, --rounds and --threads >= 1, --bandwidth-mib >= 0",
                    "see `joulebench bench-engines --help`");
        }
        GenerationProvider javaEngine = provider("java");
        GenerationProvider llama = provider("llamacpp");
        double[] bare = new double[rounds];
        double[] backend = new double[rounds];
        double[] pureJava = new double[rounds];
        GenerationRequest request = new GenerationRequest(prompt, tokens, true, GenerationRequest.Sampling.GREEDY);
        try (GenerationBackend l = llama.open(entry, file, BackendConfig.cpu(threads));
             GenerationBackend j = javaEngine.open(entry, file, BackendConfig.cpu(threads))) {
            decodeRate(l.generate(request, GenerationListener.NONE)); // warm both before timing
            decodeRate(j.generate(request, GenerationListener.NONE));
            // The order turns each round (bare, backend, java; backend, java, bare; ...), so that no path always
            // runs first or after the same neighbour.
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 3; k++) {
                    switch ((r + k) % 3) {
                        case 0 -> bare[r] = LlamaCppProvider.measureBareLoop(l, prompt, tokens).decodeTokensPerSecond();
                        case 1 -> backend[r] = decodeRate(l.generate(request, GenerationListener.NONE));
                        default -> pureJava[r] = decodeRate(j.generate(request, GenerationListener.NONE));
                    }
                }
            }
        } catch (BackendException e) {
            throw new RunFailedException(e.getMessage(), e);
        }
        double mBare = median(bare);
        double mBackend = median(backend);
        double mJava = median(pureJava);
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s (%,d parameters, %s), %d new tokens, %d threads, %d rounds; decode tokens/s, "
                + "median [min, max]:%n", entry.id(), entry.parameters(), entry.precision().label(), tokens, threads, rounds);
        out.printf(Locale.ROOT, "  bare java-llama.cpp loop  %8.1f %s%n", mBare, range(bare));
        out.printf(Locale.ROOT, "  llamacpp backend          %8.1f %s  = %.1f%% of the bare loop%n", mBackend, range(backend),
                100 * mBackend / mBare);
        out.printf(Locale.ROOT, "  java engine               %8.1f %s  = %.1f%% of the llamacpp backend%n", mJava,
                range(pureJava), 100 * mJava / mBackend);
        // A round runs the three back to back, so its ratios see much the same load on a shared machine.
        out.printf(Locale.ROOT, "per-round ratios, median [min, max]: backend/bare %.1f%% %s, java/backend %.1f%% %s%n",
                100 * median(ratios(backend, bare)), percentRange(ratios(backend, bare)),
                100 * median(ratios(pureJava, backend)), percentRange(ratios(pureJava, backend)));
        // Other load only ever slows a round down, so the fastest rounds come closest to each path's own speed.
        double bestBare = Arrays.stream(bare).max().orElse(0);
        double bestBackend = Arrays.stream(backend).max().orElse(0);
        out.printf(Locale.ROOT, "fastest rounds: backend/bare %.1f%%, java/backend %.1f%%%n", 100 * bestBackend / bestBare,
                100 * Arrays.stream(pureJava).max().orElse(0) / bestBackend);
        if (bandwidthMib > 0) {
            bandwidth(out, file, new double[] {mBare, mBackend, mJava});
        }
        out.flush();
        return 0;
    }

    /** How close each engine's median comes to the machine's memory read bandwidth, from the weights it reads. */
    private void bandwidth(java.io.PrintWriter out, Path file, double[] tokensPerSecond) throws RunFailedException {
        WeightTraffic w;
        MemoryBandwidth.Result probe;
        try {
            w = WeightTraffic.of(file);
            probe = MemoryBandwidth.measure(bandwidthMib * 1024L * 1024L, threads, 5);
        } catch (java.io.IOException e) {
            throw new RunFailedException("cannot read " + file + " to count its weights: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("interrupted while measuring memory bandwidth", e);
        }
        double gbs = probe.bytesPerSecond() / 1e9;
        out.printf(Locale.ROOT, "memory read bandwidth: %.1f GB/s (%d threads summing a %d MiB array, best of %d passes)%n",
                gbs, probe.threads(), probe.bytes() >> 20, probe.passes());
        out.printf(Locale.ROOT, "weights read per token: %.2f MB as stored (llama.cpp), %.2f MB as the java engine holds"
                + " them (F16/F32 as floats); key/value cache not counted%n", w.asStored() / 1e6, w.javaEngine() / 1e6);
        String[] names = {"bare java-llama.cpp loop", "llamacpp backend", "java engine"};
        long[] bytes = {w.asStored(), w.asStored(), w.javaEngine()};
        for (int i = 0; i < names.length; i++) {
            double read = tokensPerSecond[i] * bytes[i] / 1e9;
            out.printf(Locale.ROOT, "  %-24s  %6.1f GB/s of weights = %.0f%% of the probe%n", names[i], read,
                    100 * read / gbs);
        }
    }

    private static GenerationProvider provider(String id) throws InputException {
        return Engines.find(id).orElseThrow(() -> new InputException("no '" + id + "' engine on the class path", "rebuild joulebench"));
    }

    /** Tokens per second after the first (the first closes prefill). */
    private static double decodeRate(Generation g) {
        return (g.newTokens() - 1) / (g.decodeNanos() / 1e9);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    private static String percentRange(double[] v) {
        return String.format(Locale.ROOT, "[%.1f%%, %.1f%%]", 100 * Arrays.stream(v).min().orElse(0),
                100 * Arrays.stream(v).max().orElse(0));
    }

    private static String range(double[] v) {
        return String.format(Locale.ROOT, "[%.1f, %.1f]", Arrays.stream(v).min().orElse(0), Arrays.stream(v).max().orElse(0));
    }
}
