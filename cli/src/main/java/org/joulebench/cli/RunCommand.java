package org.joulebench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.joulebench.harness.BenchmarkRun;
import org.joulebench.harness.MeterOpener;
import org.joulebench.harness.InputException;
import org.joulebench.harness.Placement;
import org.joulebench.harness.RemoteModel;
import org.joulebench.harness.RunConfig;
import org.joulebench.harness.RunControl;
import org.joulebench.harness.RunFailedException;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Suites;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.Reports;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a suite on models while a meter measures energy; write results.json, queries.csv and reports.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--suite", paramLabel = "NAME|FILE", description = "built-in suite name or suite file (default: ${DEFAULT-VALUE})")
    String suite = Suites.DEFAULT;

    @Option(names = "--models", split = ",", paramLabel = "ID", description = "models to run, comma-separated (default: every model of the zoo)")
    List<String> models = new ArrayList<>();

    @Option(names = "--backend", paramLabel = "ID", description = "backend or engine to run models on: onnxruntime; java, "
            + "llamacpp; a named model it cannot run is refused, and with no --models only the models it can run are "
            + "run (default: the first embedding backend that supports each model, and every generation engine)")
    String backend;

    @Option(names = "--gguf", split = ",", paramLabel = "FILE", description = "GGUF files to run (e.g. from `joulebench zoo "
            + "synth`); with no --models, only these")
    List<Path> gguf = new ArrayList<>();

    @Option(names = "--onnx", split = ",", paramLabel = "DIR", description = "folders of embedding models to run, each "
            + "with model.onnx and tokenizer.json (an Optimum export) and optionally joulebench-model.yaml (id, "
            + "pooling, normalize, prefix, max_tokens); mean pooling and L2 normalisation unless it says otherwise; "
            + "with no --models, only these (and any --gguf)")
    List<Path> onnx = new ArrayList<>();

    @Option(names = "--device", paramLabel = "cpu|cuda[:N]", description = "where the onnxruntime backend places "
            + "its models: cpu, or an NVIDIA GPU (cuda = cuda:0) with ONNX Runtime's GPU build (see docs/gpu.md); "
            + "an engine that cannot use it is refused (default: ${DEFAULT-VALUE})")
    String device = "cpu";

    @Option(names = "--gpu-layers", paramLabel = "N", description = "layers llama.cpp offloads to the GPU (99 for "
            + "all), with a CUDA build of its library (see docs/gpu.md); 0 for none (default: ${DEFAULT-VALUE})")
    int gpuLayers = 0;

    /** One model behind an OpenAI-compatible server, named on the command line. */
    static final class OpenAiTarget {
        @Option(names = "--openai-url", required = true, paramLabel = "URL", description = "an OpenAI-compatible "
                + "server's API root (vLLM, llama.cpp's llama-server, Ollama, TGI, …), e.g. http://127.0.0.1:8000/v1; "
                + "the API key, if any, only from $OPENAI_API_KEY; repeatable, each with its --openai-model")
        String url;

        @Option(names = "--openai-model", required = true, paramLabel = "NAME", description = "the model's name as "
                + "the server lists it; its generation tasks run on the openai engine, and with no --models only the "
                + "servers' models (and --gguf files) run")
        String model;

        @Option(names = "--openai-chat", description = "use /v1/chat/completions (the prompt as one user message) "
                + "instead of /v1/completions")
        boolean chat;
    }

    @picocli.CommandLine.ArgGroup(exclusive = false, multiplicity = "0..*")
    List<OpenAiTarget> openai = new ArrayList<>();

    @Option(names = "--serve-local", paramLabel = "ID|FILE", description = "start `joulebench serve` on loopback as "
            + "a child of this run for this zoo model id or GGUF file, run it through the openai engine, and stop "
            + "it at the end: its energy is then inside the meter's boundary (the ESTIMATE meter counts this "
            + "process and its children)")
    String serveLocal;

    @Option(names = "--serve-engine", paramLabel = "java|llamacpp", description = "the engine of --serve-local's "
            + "server (default: ${DEFAULT-VALUE})")
    String serveEngine = "java";

    /** Caps of the numeric options; {@code --force} goes past them. */
    static final int MAX_REPETITIONS = 1000;
    static final int MAX_WARMUP = 1000;
    static final int MAX_FORKS = 100;
    static final double MAX_IDLE_SECONDS = 3600;
    /** Backend threads beyond this many per CPU only oversubscribe the machine. */
    static final int MAX_THREADS_PER_CPU = 4;

    @Option(names = "--limit", paramLabel = "N", description = "measured queries per task, spread evenly over the dataset; 0 for all (default: ${DEFAULT-VALUE})")
    int limit = 0;

    @Option(names = "--repetitions", paramLabel = "N", description = "measured passes, 1 to " + MAX_REPETITIONS + " (default: ${DEFAULT-VALUE})")
    int repetitions = 3;

    @Option(names = "--warmup", paramLabel = "N", description = "warm-up queries per task and model, not recorded, 0 to "
            + MAX_WARMUP + "; at most 10 for generation tasks (default: ${DEFAULT-VALUE})")
    int warmup = 50;

    @Option(names = "--idle-seconds", paramLabel = "S", description = "idle baseline length in seconds, 0 to 3600; 0 for none, net = gross (default: ${DEFAULT-VALUE})")
    double idleSeconds = 10;

    @Option(names = "--meter", paramLabel = org.joulebench.meters.MeterOptions.METER_CHOICES, description = "energy meter (default: ${DEFAULT-VALUE}, the best available)")
    String meter = "auto";

    @Option(names = "--threads", paramLabel = "N", description = "backend threads, 0 (the backend chooses) to "
            + MAX_THREADS_PER_CPU + " × the number of CPUs (default: the number of CPUs)")
    Integer threads;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the model-order shuffle (default: random, recorded)")
    Long seed;

    @Option(names = "--forks", paramLabel = "N", description = "run in N separate processes one after another (JMH's "
            + "forks), each loading the models afresh and running --repetitions passes; intervals of energy and speed "
            + "then rest on the forks and include the spread between processes; 1 to " + MAX_FORKS
            + " (default: ${DEFAULT-VALUE})")
    int forks = 1;

    @Option(names = "--force", description = "go past the upper bounds of --repetitions, --warmup, --idle-seconds, "
            + "--threads and --forks; it does nothing else (lower bounds, checksums and every other check stay)")
    boolean force;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: out/<run-id>)")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "finish an interrupted run: DIR is its folder "
            + "(status partial) or the hidden .NAME.incomplete folder a killed run left; the run's own options come "
            + "from its journal, so no other option may be given")
    Path resume;

    /** Set on the run that finishes an interrupted one ({@link #resume}). */
    private ResumedRun resumed;

    /** An interrupted run to finish: its id, its journal's lines and where they are. */
    private record ResumedRun(String id, java.util.List<String> lines, Path from) {
    }

    @Mixin
    MeterOptions meterOptions = new MeterOptions();

    @Mixin
    ServingOptions servingOptions = new ServingOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException, RunFailedException, IOException {
        if (resume != null) {
            return resume();
        }
        checkBounds();
        org.joulebench.harness.ServingPlan serving = servingOptions.plan();
        if (serving != null && forks != 1) {
            throw new InputException("--forks applies only to the single scenario, not to --scenario server",
                    "leave out --forks, or run the levels in separate runs");
        }
        String runId = resumed != null ? resumed.id()
                : DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).format(ZonedDateTime.now(ZoneOffset.UTC))
                + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(2));
        long runSeed = seed != null ? seed : new SecureRandom().nextLong();
        int runThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        RunConfig config;
        List<RemoteModel> remote = new ArrayList<>();
        try {
            for (OpenAiTarget t : openai) {
                remote.add(new RemoteModel(t.url, t.model, t.chat));
            }
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), "see `joulebench run --help`");
        }
        LocalServer server = null;
        if (serveLocal != null) {
            server = LocalServer.start(serveLocal, serveEngine, spec.commandLine().getErr());
            remote.add(server.model());
        }
        try (LocalServer ignored = server) {
            try {
                config = new RunConfig(suite, models, backend, limit, repetitions, warmup, idleSeconds, meter,
                        meterOptions.config(), runThreads, runSeed, runId, commandLine(), gguf,
                        new Placement(device, gpuLayers, remote), serving, onnx);
            } catch (IllegalArgumentException e) {
                throw new InputException(e.getMessage(), "see `joulebench run --help`");
            }
            return measure(config, runId, runSeed);
        }
    }

    /** Runs {@code config} into its output folder (the run itself, after every check of its options). */
    private Integer measure(RunConfig config, String runId, long runSeed)
            throws InputException, RunFailedException, IOException {
        OutputFolder folder = resumed != null ? OutputFolder.forResume(out, resumed.from())
                : OutputFolder.prepare(out != null ? out : Path.of("out", runId));
        boolean committed = false;
        String[] signal = {null};
        try (Journal journal = resumed != null ? Journal.append(folder.staging())
                : Journal.open(folder.staging(), journalHeader(runId, runSeed));
             Interrupts ignored = Interrupts.handle(name -> signal[0] = name)) {
            // An interrupt, or a journal that can no longer be written, ends the run at the next query boundary:
            // what was measured is written as a partial folder.
            java.util.function.BooleanSupplier stop = () -> signal[0] != null || journal.failed();
            RunControl control = resumed != null
                    ? RunControl.resuming(stop, journal::line, resumed.lines(), resumed.from().resolve(Journal.FILE)
                            .toString())
                    : RunControl.of(stop, journal::line);
            RunResult result = forks == 1
                    ? BenchmarkRun.builder(config).progress(TerminalProgress.forConsole()).control(control)
                            .clock(config.meterConfig().ticker()).meters(MeterOpener.system()).execute()
                    : ForkedRun.execute(ownArgs(), forks, runSeed, runId,
                            commandLine(), folder.staging(), spec.commandLine().getErr());
            var err = spec.commandLine().getErr();
            try {
                Reports.writeAll(result, folder.staging());
            } catch (IOException e) {
                // Some formats could not be written (a full disk): keep what was, the journal first, and say which.
                folder.commit();
                committed = true;
                throw new RunFailedException("the run's folder " + folder.target() + " is incomplete: "
                        + e.getMessage() + "; " + (journal.failed() ? journal.failure() + ", so it holds the "
                        + "queries up to there only" : Journal.FILE + " there holds every measured query"), e);
            }
            folder.commit();
            committed = true;
            printSummary(result, folder.target());
            if (journal.failed()) {
                err.println("joulebench: " + journal.failure() + "; the run stopped there, and "
                        + folder.target() + " holds what was measured until then (status partial)");
                return 2;
            }
            if (control.failure() != null) {
                err.println("joulebench: " + control.failure() + "; " + folder.target() + " holds what was measured"
                        + " until then (status partial)");
                return 1;
            }
            if (!result.isComplete()) {
                err.printf(Locale.ROOT, "joulebench: interrupted (SIG%s): %s holds the %d queries measured until"
                        + " then (status partial)%n", signal[0], folder.target(), control.measured());
                return Interrupts.status(signal[0]);
            }
            return 0;
        } finally {
            if (!committed) {
                folder.abandon();
            }
        }
    }

    /** The journal's first line: what run this is, and all it takes to run it again (its arguments and seed). */
    private java.util.Map<String, Object> journalHeader(String runId, long runSeed) {
        java.util.Map<String, Object> run = new java.util.LinkedHashMap<>();
        run.put("id", runId);
        run.put("version", org.joulebench.harness.Version.get());
        run.put("seed", runSeed);
        run.put("command", commandLine());
        run.put("args", ownArgs());
        return run;
    }

    /**
     * Finishes the run whose journal is in {@link #resume}: the same arguments, seed and id, into the same folder;
     * the queries the journal holds are taken from it, the rest measured now.
     */
    private Integer resume() throws InputException, RunFailedException, IOException {
        if (spec.commandLine().getParseResult().matchedOptions().size() > 1) {
            throw new InputException("--resume takes no other option: the run's own come from its journal",
                    "give only --resume DIR");
        }
        Path dir = resume.toAbsolutePath().normalize();
        Path file = dir.resolve(Journal.FILE);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new InputException("--resume " + resume + ": no " + Journal.FILE + " there",
                    "give the folder of an interrupted run (status partial), or the .NAME.incomplete folder a"
                            + " killed run left");
        }
        java.nio.file.Path results = dir.resolve("results.json");
        if (java.nio.file.Files.isRegularFile(results)
                && org.joulebench.harness.ResultFolder.readResults(results).isComplete()) {
            throw new InputException("--resume " + resume + ": the run is complete", "nothing to finish");
        }
        java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
        com.fasterxml.jackson.databind.JsonNode head;
        try {
            head = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.isEmpty() ? "" : lines.get(0));
        } catch (IOException e) {
            head = null;
        }
        if (head == null || !"run".equals(head.path("type").asText()) || !head.path("args").isArray()) {
            throw new InputException(file + ":1: not the first line of a run's journal",
                    "give the journal a run wrote");
        }
        String version = org.joulebench.harness.Version.get();
        if (!version.equals(head.path("version").asText())) {
            throw new InputException("cannot resume: the run was made by joulebench " + head.path("version").asText()
                    + ", this is " + version, "finish it with the version that started it, or start a new run");
        }
        java.util.List<String> args = new ArrayList<>();
        head.path("args").forEach(a -> args.add(a.asText()));
        RunCommand again = new RunCommand();
        picocli.CommandLine line = new picocli.CommandLine(again);
        line.setOut(spec.commandLine().getOut());
        line.setErr(spec.commandLine().getErr());
        line.parseArgs(args.toArray(String[]::new));
        if (!"single".equalsIgnoreCase(again.servingOptions.scenario)) {
            throw new InputException("cannot resume a run of the server scenario: its levels are not journaled one"
                    + " response at a time", "start it again; the partial folder keeps the levels it finished");
        }
        if (again.forks != 1) {
            throw new InputException("cannot resume a run of several forks (--forks " + again.forks + ")",
                    "start it again");
        }
        again.seed = head.path("seed").asLong();
        again.out = OutputFolder.targetOf(dir);
        again.resumed = new ResumedRun(head.path("id").asText(), lines, dir);
        return again.call();
    }

    /** Every numeric option within its bounds, before anything is loaded or measured. */
    private void checkBounds() throws InputException {
        Bounds.check("--repetitions", repetitions, 1, MAX_REPETITIONS, force);
        Bounds.check("--warmup", warmup, 0, MAX_WARMUP, force);
        Bounds.check("--idle-seconds", idleSeconds, 0, MAX_IDLE_SECONDS, force);
        Bounds.check("--forks", forks, 1, MAX_FORKS, force);
        try {
            org.joulebench.runners.Devices.check(device);
        } catch (IllegalArgumentException e) {
            throw new InputException("--device: " + e.getMessage(), "see `joulebench run --help`");
        }
        if (gpuLayers < 0) {
            throw new InputException("--gpu-layers must be >= 0, was " + gpuLayers,
                    "give the number of layers to offload (99 for all), or 0 for none");
        }
        if (serveLocal != null && forks != 1) {
            throw new InputException("--serve-local cannot go with --forks " + forks + ": the server would be this"
                    + " process's child, not the forks'", "leave out --forks, or start the server yourself and give"
                    + " --openai-url");
        }
        if (!serveEngine.equals("java") && !serveEngine.equals("llamacpp")) {
            throw new InputException("--serve-engine '" + serveEngine + "' is not an engine serve runs",
                    "give java or llamacpp");
        }
        if (limit < 0) {
            throw new InputException("--limit must be >= 0, was " + limit, "give 0 for every query, or N >= 1");
        }
        if (threads != null) {
            int cpus = Runtime.getRuntime().availableProcessors();
            long cap = (long) MAX_THREADS_PER_CPU * cpus;
            if (threads < 0) {
                throw new InputException("--threads must be >= 0, was " + threads,
                        "give 0 (the backend chooses) to " + cap);
            }
            if (threads > cap && !force) {
                throw new InputException("--threads " + threads + " is above its bound of " + cap + " ("
                        + MAX_THREADS_PER_CPU + " × " + cpus + " CPUs)",
                        "give at most " + cap + ", or add --force to go past the bound");
            }
        }
    }

    /** This command's arguments, after its name. */
    private List<String> ownArgs() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        int name = args.indexOf(spec.name());
        return args.subList(name + 1, args.size());
    }

    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "joulebench " + String.join(" ", args);
    }

    private static String metric(TaskModelResult r) {
        return r.accuracy() == null ? "n/a (random weights)"
                : String.format(Locale.ROOT, "%s %.3f", r.accuracy().metric(), r.accuracy().value());
    }

    private void printSummary(RunResult result, Path where) {
        var out = spec.commandLine().getOut();
        String method = result.results().isEmpty() ? "" : result.results().get(0).energy().method();
        if (!result.idle().measured()) {
            out.printf(Locale.ROOT, "run %s: no idle baseline (net = gross), meter %s%n", result.run().id(), method);
        } else {
            out.printf(Locale.ROOT, "run %s: idle %.2f W (%s), meter %s%n", result.run().id(), result.idle().watts(),
                    result.idle().method(), method);
        }
        Table t = new Table("task", "model", "backend", "precision", "metric", "J/query (net)", "J/token (net)",
                "tokens/s", "p50 ms");
        Table gen = new Table("task", "model", "engine", "metric", "J/gen token (net)", "J/prompt token (net)",
                "decode tok/s", "TTFT p50 ms");
        Table serving = new Table("task", "model", "engine", "concurrency", "J/output token (net)", "output tok/s",
                "TPOT p50 ms", "TTFT p50 ms", "SLO");
        for (TaskModelResult r : result.results()) {
            var sv = r.serving();
            if (sv != null) {
                serving.row(r.task(), r.model(), r.backend(), String.valueOf(r.concurrency()),
                        String.format(Locale.ROOT, "%.4g ± %.2g", sv.jPerOutputToken().mean(),
                                (sv.jPerOutputToken().hi() - sv.jPerOutputToken().lo()) / 2),
                        String.format(Locale.ROOT, "%.0f", sv.outputTokensPerS()),
                        sv.tpotMs() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", sv.tpotMs().p50()),
                        sv.ttftMs() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", sv.ttftMs().p50()),
                        sv.meetsSlo() == null ? "-" : sv.meetsSlo() ? "met" : "missed");
                continue;
            }
            t.row(r.task(), r.model(), r.backend(), r.precision(),
                    metric(r),
                    String.format(Locale.ROOT, "%.4g ± %.2g", r.energy().jPerQuery().mean(),
                            (r.energy().jPerQuery().hi() - r.energy().jPerQuery().lo()) / 2),
                    String.format(Locale.ROOT, "%.4g", r.energy().jPerToken().mean()),
                    String.format(Locale.ROOT, "%.0f", r.throughput().tokensPerS().mean()),
                    String.format(Locale.ROOT, "%.2f", r.latency().p50Ms()));
            var g = r.generation();
            if (g != null) {
                gen.row(r.task(), r.model(), r.backend(), metric(r),
                        String.format(Locale.ROOT, "%.4g ± %.2g", g.jPerGeneratedToken().mean(),
                                (g.jPerGeneratedToken().hi() - g.jPerGeneratedToken().lo()) / 2),
                        String.format(Locale.ROOT, "%.4g", g.jPerPromptToken().mean()),
                        String.format(Locale.ROOT, "%.0f", g.decodeTokensPerS().mean()),
                        String.format(Locale.ROOT, "%.2f", g.ttftMs().p50Ms()));
            }
        }
        boolean single = result.results().stream().anyMatch(r -> r.serving() == null);
        if (single) {
            out.print(t.render());
        }
        if (result.results().stream().anyMatch(r -> r.serving() != null)) {
            if (single) {
                out.println();
            }
            out.print(serving.render());
        }
        if (result.results().stream().anyMatch(r -> r.generation() != null)) {
            out.println();
            out.print(gen.render());
        }
        result.warnings().forEach(w -> out.println("warning: " + w));
        if ("ESTIMATE".equals(method)) {
            out.println("Energy figures are ESTIMATES from a CPU power model (no energy counter here): see `joulebench meters`.");
        }
        out.println("report: " + where.resolve("report.html"));
        out.flush();
    }
}
