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

    @Option(names = "--rounds", paramLabel = "N", description = "rounds, engines interleaved (default: ${DEFAULT-VALUE})")
    int rounds = 5;

    @Option(names = "--threads", paramLabel = "N", description = "threads for both engines (default: ${DEFAULT-VALUE})")
    int threads = 2;

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
            for (int r = 0; r < rounds; r++) {
                bare[r] = LlamaCppProvider.measureBareLoop(l, prompt, tokens).decodeTokensPerSecond();
                backend[r] = decodeRate(l.generate(request, GenerationListener.NONE));
                pureJava[r] = decodeRate(j.generate(request, GenerationListener.NONE));
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
        out.flush();
        return 0;
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

    private static String range(double[] v) {
        return String.format(Locale.ROOT, "[%.1f, %.1f]", Arrays.stream(v).min().orElse(0), Arrays.stream(v).max().orElse(0));
    }
}
