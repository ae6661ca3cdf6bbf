package org.joulebench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.joulebench.harness.InputException;
import org.joulebench.harness.LocalModels;
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

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Decode and prefill speed of the generation engines side by side, in one process, rounds interleaved: a bare
 * java-llama.cpp loop (timed inside llama.cpp's child JVM, no protocol), Joulebench's llama.cpp backend, and the
 * pure-Java engine, on the same model (a zoo model or any llama GGUF), prompt and token count. An engine that cannot
 * read the model is skipped with the reason; the others still run.
 */
@Command(name = "bench-engines", mixinStandardHelpOptions = true,
        description = {"Decode tokens/s and prefill (time to first token) of the bare llama.cpp loop, the llamacpp "
                + "backend and the java engine, side by side, with their ratios to llamacpp and to the memory-bound "
                + "limit (memory read bandwidth / weight bytes per token).",
                "Exit 0 done, 1 an engine failed midway (the rounds before are kept), 2 bad input or no engine can "
                        + "read the model, 130/143 interrupted (the rounds done are kept, status partial)."},
        footer = "Example: joulebench bench-engines --gguf m110.gguf --rounds 5 --json engines.json")
final class BenchEnginesCommand implements Callable<Integer> {

    static final String DEFAULT_MODEL = "kjv-large";
    static final int DEFAULT_PROMPT_TOKENS = 128;

    static final class Model {
        @Option(names = "--model", paramLabel = "ID", required = true,
                description = "a generation model of the zoo (default: " + DEFAULT_MODEL + ")")
        String id;

        @Option(names = "--gguf", paramLabel = "FILE", required = true,
                description = "any llama GGUF file instead of a zoo model (e.g. from `joulebench zoo synth`)")
        Path gguf;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Model model;

    @Option(names = "--tokens", paramLabel = "N", description = "new tokens per run (default: ${DEFAULT-VALUE})")
    int tokens = 200;

    @Option(names = "--rounds", paramLabel = "N",
            description = "rounds, engines interleaved, their order turned each round (default: ${DEFAULT-VALUE})")
    int rounds = 5;

    @Option(names = "--threads", paramLabel = "N", description = "threads for both engines (default: ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--bandwidth-mib", paramLabel = "MIB",
            description = "array size of the memory read-bandwidth probe; 0 skips it (default: ${DEFAULT-VALUE})")
    int bandwidthMib = 512;

    @Option(names = "--prompt-tokens", paramLabel = "N",
            description = "a prompt of N tokens (at most; whole words) of held-out KJV verses, the same for every "
                    + "engine (default: " + DEFAULT_PROMPT_TOKENS + ", or what the model's context leaves beside --tokens)")
    Integer promptTokens;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "your own prompt instead of --prompt-tokens")
    String prompt;

    @Option(names = "--json", paramLabel = "FILE", description = "write the result as JSON (schema "
            + BenchEnginesJson.SCHEMA + "); its folder must exist")
    Path json;

    @Option(names = OutputFiles.OVERWRITE, description = "replace an existing --json file")
    boolean overwrite;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The signal that asked the run to stop (INT or TERM), or null. */
    private volatile String signal;

    /** One engine's path: a run of the request, timed. */
    private interface Runner {
        Timed run() throws BackendException;
    }

    /** A timed run: prompt tokens as the engine counted them, new tokens, time to the first and after it. */
    private record Timed(int promptTokens, int newTokens, Duration toFirst, Duration decode) {
        static Timed of(Generation g) {
            return new Timed(g.promptTokens(), g.newTokens(), Duration.ofNanos(g.prefillNanos()),
                    Duration.ofNanos(g.decodeNanos()));
        }
    }

    /** Thrown from the java engine's listener when a signal came, to end its run at once. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    @Override
    public Integer call() throws InputException, RunFailedException {
        Bounds.within("--tokens", tokens, 2, 100_000);
        Bounds.within("--rounds", rounds, 1, 10_000);
        Bounds.within("--threads", threads, 1, 1024);
        Bounds.within("--bandwidth-mib", bandwidthMib, 0, 16_384);
        if (prompt != null && promptTokens != null) {
            throw new InputException("--prompt and --prompt-tokens both given: the prompt is your text or N tokens of"
                    + " verses, not both", "give one of them");
        }
        int askTokens = prompt != null ? 0 : promptTokens != null ? promptTokens : DEFAULT_PROMPT_TOKENS;
        if (prompt == null) {
            Bounds.within("--prompt-tokens", askTokens, 1, 100_000);
        }
        checkJson();
        ModelEntry entry;
        Path file;
        if (model != null && model.gguf != null) {
            entry = LocalModels.fromGguf(model.gguf);
            file = model.gguf;
        } else {
            ModelZoo zoo = ModelZoo.builtIn();
            String id = model != null ? model.id : DEFAULT_MODEL;
            entry = zoo.find(id).orElseThrow(() -> new InputException("unknown model '" + id + "'",
                    "see `joulebench zoo`"));
            try {
                file = zoo.modelFile(entry, ModelZoo.defaultCacheDir());
            } catch (ModelLoadException e) {
                throw new InputException(e.getMessage(), "see `joulebench zoo`");
            }
        }
        if (!"generation".equals(entry.task())) {
            throw new InputException("model '" + entry.id() + "' is a " + entry.task() + " model; bench-engines"
                    + " times generation", "pick a generation model (see `joulebench zoo`) or a llama GGUF");
        }
        if (prompt == null && promptTokens == null && entry.maxTokens() > 0
                && askTokens + tokens > entry.maxTokens() && entry.maxTokens() - tokens >= 8) {
            // the default prompt length yields to a small context (kjv-large's is 256) rather than refuse the default
            askTokens = Math.min(askTokens, entry.maxTokens() - tokens);
        }
        if (entry.maxTokens() > 0 && askTokens + tokens > entry.maxTokens()) {
            throw new InputException("--prompt-tokens " + askTokens + " and --tokens " + tokens + " need "
                    + (askTokens + tokens) + " positions; " + entry.id() + "'s context is " + entry.maxTokens(),
                    "lower --prompt-tokens or --tokens");
        }
        WeightTraffic traffic;
        Map<String, Integer> types;
        try {
            traffic = WeightTraffic.of(file);
            types = BenchEnginesJson.tensorTypes(file);
        } catch (IOException e) {
            throw new InputException("cannot read the tensors of " + file + ": " + e.getMessage(),
                    "give a llama GGUF file");
        }
        return measure(entry, file, askTokens, traffic, types);
    }

    private Integer measure(ModelEntry entry, Path file, int askTokens, WeightTraffic traffic,
                            Map<String, Integer> types) throws InputException, RunFailedException {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> skipped = new LinkedHashMap<>();
        GenerationBackend llama = null;
        GenerationBackend java = null;
        try (Interrupts ignored = Interrupts.handle(name -> signal = name)) {
            llama = open("llamacpp", entry, file, skipped);
            java = open("java", entry, file, skipped);
            String text = prompt;
            if (text == null && java != null) {
                text = promptFrom(java, askTokens, "java", skipped);
                java = skipped.containsKey("java") ? close(java) : java;
            }
            if (text == null && llama != null) {
                text = promptFrom(llama, askTokens, "llamacpp", skipped);
                llama = skipped.containsKey("llamacpp") ? close(llama) : llama;
            }
            GenerationRequest request = text == null ? null
                    : new GenerationRequest(text, tokens, true, GenerationRequest.Sampling.GREEDY);
            // Warm each engine before timing; an engine that cannot generate from this model is skipped here.
            llama = warm(llama, request, "llamacpp", skipped);
            java = warm(java, request, "java", skipped);
            if (signal != null) {
                err.println("joulebench: interrupted (SIG" + signal + ") before the first round: nothing measured");
                return Interrupts.status(signal);
            }
            if (llama == null && java == null) {
                throw new InputException("neither engine can run " + file.getFileName() + ": " + skipped.entrySet()
                        .stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")),
                        "give a llama GGUF with F32, F16 or Q8_0 weights and a GPT-2 byte-level BPE tokenizer");
            }
            tellSkipped(err, skipped);
            List<EngineRounds> figures = new ArrayList<>();
            List<Runner> paths = new ArrayList<>();
            if (llama != null) {
                GenerationBackend l = llama;
                String t = text;
                figures.add(new EngineRounds("bare-llamacpp"));
                paths.add(() -> {
                    LlamaCppProvider.BareLoop b = LlamaCppProvider.measureBareLoop(l, t, tokens);
                    return new Timed(b.promptTokens(), b.newTokens(), b.prefill(), b.decode());
                });
                figures.add(new EngineRounds("llamacpp"));
                paths.add(() -> Timed.of(l.generate(request, GenerationListener.NONE)));
            }
            if (java != null) {
                GenerationBackend j = java;
                GenerationListener stopOnSignal = new GenerationListener() {
                    @Override
                    public void token(int id, String piece) {
                        if (signal != null) {
                            throw new Stopped();
                        }
                    }
                };
                figures.add(new EngineRounds("java"));
                paths.add(() -> Timed.of(j.generate(request, stopOnSignal)));
            }
            Run run = rounds(figures, paths, err);
            List<EngineRounds> ran = figures.stream().filter(f -> f.rounds() > 0).toList();
            if (ran.isEmpty()) {
                err.println("joulebench: " + run.stopped + " before the first run ended: nothing measured");
                return signal != null ? Interrupts.status(signal) : Failures.FAILED;
            }
            figures.stream().filter(f -> f.rounds() == 0)
                    .forEach(f -> skipped.put(f.engine(), run.stopped + " before its first run ended"));
            Optional<MemoryBandwidth.Result> probe = run.stopped == null ? probe(err) : Optional.empty();
            BenchEnginesJson.Outcome outcome = new BenchEnginesJson.Outcome(ran, skipped, run.completed,
                    run.stopped, traffic, probe);
            BenchEnginesJson.Setup setup = new BenchEnginesJson.Setup(entry, file, threads, tokens, rounds, text,
                    askTokens);
            BenchEnginesTable.print(spec.commandLine().getOut(), setup, outcome, types);
            if (json != null) {
                try {
                    OutputFiles.write(json, BenchEnginesJson.render(setup, outcome), "--json");
                } catch (IOException e) {
                    throw new RunFailedException("cannot write --json " + json + ": " + e.getMessage(), e);
                }
            }
            String kept = json == null ? "" : " (in " + json + ", status partial)";
            if (run.failure != null) {
                throw new RunFailedException(run.stopped + "; the " + run.completed + " rounds before it are kept"
                        + kept, run.failure);
            }
            if (signal != null) {
                err.println("joulebench: interrupted (SIG" + signal + "): the " + run.completed + " complete rounds"
                        + " are kept" + kept);
                return Interrupts.status(signal);
            }
            return 0;
        } finally {
            close(llama);
            close(java);
        }
    }

    /** How the rounds went: rounds in which every engine ran, and why they stopped early (null: they did not). */
    private record Run(int completed, String stopped, Exception failure) {
    }

    /**
     * Runs the rounds. The order turns each round (bare, backend, java; backend, java, bare; ...), so that no path
     * always runs first or after the same neighbour. A signal stops at the next run (the java engine's at its next
     * token); an engine that fails midway stops the rounds, keeping those before.
     */
    private Run rounds(List<EngineRounds> figures, List<Runner> paths, PrintWriter err) {
        int n = paths.size();
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int i = (r + k) % n;
                if (signal != null) {
                    return new Run(r, "interrupted (SIG" + signal + ")", null);
                }
                try {
                    Timed t = paths.get(i).run();
                    figures.get(i).add(t.promptTokens(), t.newTokens(), t.toFirst(), t.decode());
                } catch (Stopped e) {
                    return new Run(r, "interrupted (SIG" + signal + ")", null);
                } catch (BackendException | RuntimeException e) {
                    if (signalWithin(Duration.ofMillis(500))) { // the child got the terminal's Ctrl-C too, and ended
                        return new Run(r, "interrupted (SIG" + signal + ")", null);
                    }
                    String why = figures.get(i).engine() + " failed in round " + (r + 1) + ": " + oneLine(e.getMessage());
                    return new Run(r, why, e);
                }
            }
            err.printf(Locale.ROOT, "round %d/%d: %s decode tokens/s%n", r + 1, rounds, figures.stream()
                    .map(f -> String.format(Locale.ROOT, "%s %.1f", f.engine(),
                            f.decode().orElseThrow().rounds().get(f.rounds() - 1)))
                    .collect(Collectors.joining(", ")));
            err.flush();
        }
        return new Run(rounds, null, null);
    }

    /**
     * Whether a signal came, waiting up to {@code grace} for it: a Ctrl-C reaches llama.cpp's child too, whose end the
     * parent may see before its own handler has run.
     */
    private boolean signalWithin(Duration grace) {
        long end = System.nanoTime() + grace.toNanos();
        while (signal == null && System.nanoTime() < end) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return signal != null;
    }

    private Optional<MemoryBandwidth.Result> probe(PrintWriter err) throws RunFailedException {
        if (bandwidthMib == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(MemoryBandwidth.measure(bandwidthMib * 1024L * 1024L, threads, 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("interrupted while measuring memory bandwidth", e);
        } catch (OutOfMemoryError e) {
            err.println("joulebench: no memory bandwidth figure: a " + bandwidthMib + " MiB array does not fit the"
                    + " Java heap (give a smaller --bandwidth-mib)");
            return Optional.empty();
        }
    }

    /** The --json file's folder must exist, and the file be writable (an existing one only with --overwrite). */
    private void checkJson() throws InputException {
        if (json == null) {
            return;
        }
        Path folder = json.toAbsolutePath().normalize().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new InputException("--json " + json + ": the folder " + (folder == null ? "" : folder + " ")
                    + "does not exist", "make it first, or give a file in an existing folder");
        }
        OutputFiles.checkWritable(json, "--json", overwrite);
    }

    /** The engine opened on the model, or null with the reason in {@code skipped}. */
    private GenerationBackend open(String id, ModelEntry entry, Path file, Map<String, String> skipped)
            throws InputException {
        GenerationProvider provider = Engines.find(id).orElseThrow(() -> new InputException("no '" + id
                + "' engine on the class path", "rebuild joulebench"));
        if (signal != null) {
            skipped.put(id, "interrupted before it loaded");
            return null;
        }
        try {
            GenerationBackend b = provider.open(entry, file, BackendConfig.cpu(threads));
            b.notes().forEach(n -> spec.commandLine().getErr().println("joulebench: note: " + n));
            return b;
        } catch (BackendException | RuntimeException e) {
            skipped.put(id, oneLine(e.getMessage()));
            return null;
        }
    }

    /** The prompt of {@code askTokens} tokens as {@code backend} counts them; null (engine skipped) if it cannot. */
    private static String promptFrom(GenerationBackend backend, int askTokens, String id, Map<String, String> skipped)
            throws InputException {
        try {
            return BenchPrompt.of(askTokens, t -> backend.tokenize(t).size());
        } catch (BackendException | RuntimeException e) {
            skipped.put(id, "cannot tokenize the prompt: " + oneLine(e.getMessage()));
            return null;
        }
    }

    /** {@code backend} after one untimed run, or null (closed, reason in {@code skipped}) if it cannot run. */
    private GenerationBackend warm(GenerationBackend backend, GenerationRequest request, String id,
                                   Map<String, String> skipped) {
        if (backend == null || signal != null) {
            return backend;
        }
        try {
            backend.generate(request, GenerationListener.NONE);
            return backend;
        } catch (BackendException | RuntimeException e) {
            skipped.put(id, oneLine(e.getMessage()));
            return close(backend);
        }
    }

    private static void tellSkipped(PrintWriter err, Map<String, String> skipped) {
        skipped.forEach((id, why) -> err.println("joulebench: " + (id.equals("llamacpp")
                ? "llamacpp and bare-llamacpp rows" : id + " rows") + " skipped: " + why));
        if (skipped.containsKey("llamacpp")) {
            String why = skipped.remove("llamacpp");
            Map<String, String> ordered = new LinkedHashMap<>();
            ordered.put("bare-llamacpp", why);
            ordered.put("llamacpp", why);
            ordered.putAll(skipped);
            skipped.clear();
            skipped.putAll(ordered);
        }
        err.flush();
    }

    private static GenerationBackend close(GenerationBackend b) {
        if (b != null) {
            b.close();
        }
        return null;
    }

    static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " / ");
    }
}
