package org.joulebench.harness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterSet;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.PowerTimeline;
import org.joulebench.meters.Sampler;
import org.joulebench.runners.BackendConfig;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelZoo;

/**
 * One benchmark run: loads the suite, the models and the meter (failing early, before anything
 * is measured), measures an idle baseline, then hands the embedding tasks to {@link EmbeddingPasses} and the
 * generation tasks to {@link GenerationPasses} (both on the one {@link MeasuredPasses} schedule: warm-up, then
 * {@code repetitions} measured passes with the model order shuffled each time, one energy window per query) or to
 * {@link ServingPasses} for the server scenario. A drift canary ({@link CanaryRun}) is probed after the idle baseline, after every
 * repetition but the last of each kind of task, and at the end.
 */
public final class BenchmarkRun {

    private final RunConfig config;
    private final ProgressListener progress;
    private final CpuTimes cpuTimes;
    private final RunControl control;
    private final ModelZoo zoo;
    private final java.util.function.Supplier<HostInfo> hostProbe;
    private final MeterOpener meterOpener;
    private final CanaryFactory canaryFactory;
    private final Pause pause;
    /** The command line's meter configuration on the run's clock. */
    private final org.joulebench.meters.MeterConfig meterConfig;
    private final MeterFaults faults;
    /**
     * The run's one clock: the meters' ticker, which times their windows, and with it the sampler, the phases, the
     * canary and every query's latency, so that a query's latency and its energy window are timed alike.
     */
    private final org.joulebench.meters.Ticker clock;
    private Phases phases;

    private BenchmarkRun(Builder b) {
        this.config = b.config;
        this.progress = b.progress;
        this.control = b.control;
        this.faults = control.faults();
        this.clock = b.clock == null ? config.meterConfig().ticker() : b.clock;
        this.meterConfig = clock == config.meterConfig().ticker() ? config.meterConfig()
                : config.meterConfig().withTicker(clock);
        this.cpuTimes = b.cpuTimes;
        this.zoo = b.zoo == null ? ModelZoo.builtIn() : b.zoo;
        this.hostProbe = b.hostProbe;
        this.meterOpener = b.meters;
        this.canaryFactory = b.canary;
        this.pause = b.pause;
    }

    /** A run of {@code config} on this machine: its clock, zoo, host and meters, each replaceable (tests). */
    public static Builder builder(RunConfig config) {
        return new Builder(config);
    }

    public static RunResult execute(RunConfig config, ProgressListener progress)
            throws InputException, RunFailedException {
        return builder(config).progress(progress).execute();
    }

    /** {@link Builder#execute()} with {@code progress} and {@code control}, on this machine. */
    public static RunResult execute(RunConfig config, ProgressListener progress, RunControl control)
            throws InputException, RunFailedException {
        return builder(config).progress(progress).control(control).execute();
    }

    /**
     * What a run is made of beyond its {@link RunConfig}. Every part starts as this machine's: the meters' clock
     * ({@link org.joulebench.meters.MeterConfig#ticker()}), the built-in zoo, the host as OSHI describes it, the meters
     * {@link MeterOpener#system()} opens; a test replaces them with fakes.
     */
    public static final class Builder {
        private final RunConfig config;
        private ProgressListener progress = ProgressListener.silent();
        private RunControl control = RunControl.none();
        private org.joulebench.meters.Ticker clock;
        private ModelZoo zoo;
        private java.util.function.Supplier<HostInfo> hostProbe = HostProbe::describe;
        private MeterOpener meters = MeterOpener.system();
        private CpuTimes cpuTimes = CpuTimes.system();
        private CanaryFactory canary = CanaryRun::standard;
        private Pause pause = Thread::sleep;

        private Builder(RunConfig config) {
            this.config = java.util.Objects.requireNonNull(config, "config");
        }

        /** Where the run reports its progress; {@link ProgressListener#done()} is called when it ends. */
        public Builder progress(ProgressListener progress) {
            this.progress = java.util.Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * What the run consults between queries: when it asks to stop, the run ends at the next query boundary
         * and returns a {@linkplain RunResult#partial() partial} result of what was measured until then.
         */
        public Builder control(RunControl control) {
            this.control = java.util.Objects.requireNonNull(control, "control");
            return this;
        }

        /**
         * The run's one clock: the meters are opened on it (it replaces the meter configuration's ticker), and the
         * sampler, the phases, the canary and every query's latency read it.
         */
        public Builder clock(org.joulebench.meters.Ticker clock) {
            this.clock = java.util.Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The catalogue the run's models are found in and loaded from. */
        public Builder zoo(ModelZoo zoo) {
            this.zoo = java.util.Objects.requireNonNull(zoo, "zoo");
            return this;
        }

        /** Describes the machine for results.json (and a resumed run's check that it is the same machine). */
        public Builder hostProbe(java.util.function.Supplier<HostInfo> hostProbe) {
            this.hostProbe = java.util.Objects.requireNonNull(hostProbe, "hostProbe");
            return this;
        }

        /** Opens and describes the run's meters. */
        public Builder meters(MeterOpener meters) {
            this.meters = java.util.Objects.requireNonNull(meters, "meters");
            return this;
        }

        Builder cpuTimes(CpuTimes cpuTimes) {
            this.cpuTimes = cpuTimes;
            return this;
        }

        Builder canary(CanaryFactory canary) {
            this.canary = canary;
            return this;
        }

        /** How the idle baseline waits: {@link Thread#sleep} on this machine, a move of a fake clock in a test. */
        Builder pause(Pause pause) {
            this.pause = pause;
            return this;
        }

        /**
         * Runs: loads and checks everything first (an {@link InputException} before anything is measured), then
         * measures.
         *
         * @throws RunFailedException when the run fails midway
         */
        public RunResult execute() throws InputException, RunFailedException {
            try {
                return new BenchmarkRun(this).run();
            } finally {
                progress.done();
            }
        }
    }

    /** Makes the run's drift canary on its headline CPU meter. */
    @FunctionalInterface
    interface CanaryFactory {
        CanaryRun create(Meter meter, int threads, org.joulebench.meters.Ticker clock);
    }

    /** Waits {@code millis} of the run's clock. */
    @FunctionalInterface
    interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    private RunResult run() throws InputException, RunFailedException {
        Instant start = Instant.now();
        Suite suite = Suites.load(config.suite());
        Map<TaskSpec, ScorerProvider> scorers = new LinkedHashMap<>();
        Map<TaskSpec, ScorerProvider> generationScorers = new LinkedHashMap<>();
        for (TaskSpec t : suite.tasks()) {
            ScorerProvider scorer = Scorers.forTask(t);
            // Creating the task validates the dataset against the scorer before any model loads.
            (scorer.create(t) instanceof GenerationTask ? generationScorers : scorers).put(t, scorer);
        }
        // GGUF files, ONNX folders and models behind servers join the named models; with no --models they are the
        // run's models.
        boolean extras = !config.ggufFiles().isEmpty() || !config.onnxFolders().isEmpty()
                || !config.placement().remote().isEmpty();
        List<ModelEntry> named = new ArrayList<>(config.models().isEmpty() && extras
                ? List.of() : LoadedModels.entries(zoo, config.models()));
        for (java.nio.file.Path file : config.ggufFiles()) {
            named.add(LocalModels.fromGguf(file));
        }
        for (java.nio.file.Path dir : config.onnxFolders()) {
            ModelEntry e = OnnxFolder.entry(dir);
            if (named.stream().anyMatch(m -> m.id().equals(e.id())) || zoo.find(e.id()).isPresent()) {
                throw new InputException("--onnx " + dir + ": the id '" + e.id() + "' is taken (by a zoo model or"
                        + " another model of the run)", "set another 'id:' in "
                        + dir.resolve(OnnxFolderOptions.FILE) + ", or rename the folder");
            }
            named.add(e);
        }
        named.addAll(RemoteModels.entries(config.placement().remote(), named));
        // --backend names one backend or engine for the whole run: a named model it cannot run is refused below (with
        // the backends that can), never run on another one; with no model named, the zoo's models it can run are run.
        String backend = config.backend();
        if (backend != null) {
            java.util.Set<String> known = new java.util.LinkedHashSet<>();
            org.joulebench.runners.Backends.providers().forEach(p -> known.add(p.id()));
            org.joulebench.runners.Engines.providers().forEach(p -> known.add(p.id()));
            if (!known.contains(backend)) {
                throw new InputException("unknown backend '" + backend + "'", "choose from: " + String.join(", ", known));
            }
            if (config.models().isEmpty() && !extras) {
                named.removeIf(m -> org.joulebench.runners.Backends.supporting(m).stream()
                        .noneMatch(p -> p.id().equals(backend))
                        && org.joulebench.runners.Engines.providers().stream()
                        .noneMatch(p -> p.id().equals(backend) && p.supports(m)));
            }
        }
        List<ModelEntry> embeddingModels = scorers.isEmpty() || config.serving() != null ? List.of()
                : named.stream().filter(m -> "embedding".equals(m.task())).toList();
        List<ModelEntry> generationModels = generationScorers.isEmpty() ? List.of()
                : named.stream().filter(m -> "generation".equals(m.task())).toList();
        if (!config.models().isEmpty() || extras) {
            for (ModelEntry m : named) {
                if (!embeddingModels.contains(m) && !generationModels.contains(m)) {
                    throw new InputException("model '" + m.id() + "' (" + m.task() + ") has no task in suite '"
                            + suite.name() + "'", "name models whose kind the suite's tasks use, or another suite");
                }
            }
        }
        List<String> servingWarnings = new ArrayList<>();
        Map<TaskSpec, ServingPlan> servingPlans = Map.of();
        if (config.serving() != null) {
            // The server scenario serves generated text: embedding tasks, and generation tasks that only score given
            // text, are skipped with a warning each; with none left there is nothing to serve.
            for (TaskSpec t : scorers.keySet()) {
                servingWarnings.add("task " + t.id() + " was skipped: the server scenario serves generated text, and"
                        + " this task embeds text");
            }
            scorers.clear();
            servingPlans = ServingPasses.plans(config, generationScorers, servingWarnings);
            generationScorers.keySet().retainAll(servingPlans.keySet());
            if (servingPlans.isEmpty()) {
                throw new InputException("no task of suite '" + suite.name() + "' generates text, so the server"
                        + " scenario has nothing to serve", "use a suite with a generating task (e.g. --suite"
                        + " generation), or leave out --scenario server");
            }
            if (generationModels.isEmpty()) {
                throw new InputException("no generation model in the run for the server scenario",
                        "name a generation model with --models (see `joulebench zoo`) or --gguf");
            }
        }
        if (embeddingModels.isEmpty()) {
            scorers.clear();
        }
        if (generationModels.isEmpty()) {
            generationScorers.clear();
        }
        if (scorers.isEmpty() && generationScorers.isEmpty()) {
            throw new InputException("no model of the run fits a task of suite '" + suite.name() + "'",
                    "name models with --models (see `joulebench zoo`), --gguf or --onnx");
        }
        List<LoadedModels.Spec> specs = LoadedModels.resolve(embeddingModels, backend);
        List<LoadedEngines.Spec> engineSpecs = LoadedEngines.resolve(generationModels, backend);
        HostInfo host = hostProbe.get();

        List<String> meterWarnings = new ArrayList<>();
        MeterSet meters = meterOpener.open(config.meter(), meterConfig, meterWarnings);
        Meter meter = meters.first();
        Sampler sampler;
        try {
            sampler = new Sampler(meters.meters(), meterConfig);
        } catch (IllegalArgumentException e) {
            meters.close();
            throw new InputException(e.getMessage(), "raise --sample-hz");
        }
        phases = new Phases(clock);
        BackendConfig placed = new BackendConfig(config.threads(), config.placement().device(),
                config.placement().gpuLayers());
        try (meters; sampler; LoadedModels models = LoadedModels.open(zoo, specs, placed);
             LoadedEngines engines = LoadedEngines.open(zoo, engineSpecs, placed);
             CanaryRun canary = canaryFactory.create(meter, canaryThreads(), clock)) {
            sampler.start();
            List<MeterInfo> meterInfos = meterOpener.describe(meters, meterConfig);
            control.begin(host, modelInfos(embeddingModels, generationModels));
            IdleBaseline idle = control.resumedIdle();
            if (idle == null) {
                idle = faults.measure("the idle baseline", () -> measureIdle(meters, "idle baseline"));
                control.idle(idle);
            }
            RunEnergy energy = new RunEnergy(meters, idle);
            progress.phase("drift canary", 0);
            phases.begin("drift canary · start");
            canary.start();
            List<TaskModelResult> results = new ArrayList<>();
            List<QueryRecord> queries = new ArrayList<>();
            if (!scorers.isEmpty()) {
                new EmbeddingPasses(config, progress, phases, cpuTimes, energy, control, clock,
                        rep -> probe(canary, "after repetition " + rep)).run(models, scorers, results, queries);
                if (!generationScorers.isEmpty() && !control.stopped()) {
                    probe(canary, "after the embedding passes");
                }
            }
            List<String> engineWarnings = new ArrayList<>();
            engines.all().stream().flatMap(m -> m.backend().notes().stream()).distinct().forEach(engineWarnings::add);
            if (!generationScorers.isEmpty() && !control.stopped() && config.serving() != null) {
                ServingPasses passes = new ServingPasses(config, progress, phases, energy, control,
                        clock, ServingPasses.STALL_TIMEOUT);
                passes.run(engines, generationScorers, servingPlans, results, queries);
                engineWarnings.addAll(servingWarnings);
                engineWarnings.addAll(passes.warnings());
            } else if (!generationScorers.isEmpty() && !control.stopped()) {
                GenerationPasses passes = new GenerationPasses(config, progress, phases, cpuTimes, energy,
                        rep -> probe(canary, "after generation repetition " + rep), control, clock);
                passes.run(engines, generationScorers, results, queries);
                engineWarnings.addAll(passes.warnings());
            }
            boolean partial = control.stopped();
            if (!partial) {
                progress.phase("drift canary", 0);
                probe(canary, "end");
            }
            IdleBaseline idleAfter = config.idleSeconds() == 0 || partial ? null
                    : faults.measure("the idle baseline after", () -> measureIdle(meters, "idle baseline (after)"));
            phases.end();
            List<String> warnings = new ArrayList<>();
            if (control.failure() != null) {
                warnings.add("failed: " + control.failure() + "; the results hold what was measured before");
            }
            if (partial) {
                warnings.add(String.format(java.util.Locale.ROOT, "partial: the run was interrupted after %d measured"
                        + " queries; its figures rest on those alone (rows that measured nothing are left out, and"
                        + " no idle baseline was taken after)", control.measured() + control.reused()));
            }
            if (control.reused() > 0) {
                warnings.add(String.format(java.util.Locale.ROOT, "resumed: %d queries come from the journal of the"
                        + " interrupted run (with its idle baseline), %d were measured now", control.reused(),
                        control.measured()));
            }
            warnings.addAll(meterWarnings);
            warnings.addAll(energy.shortPassWarnings());
            for (TaskModelResult r : results) {
                String missing = energy.missingGpuMeter(r.device());
                if (missing != null && !warnings.contains(missing)) {
                    warnings.add(missing);
                }
            }
            warnings.addAll(engineWarnings);
            warnings.addAll(canary.warnings());
            if (!idle.measured()) {
                warnings.add(NO_IDLE_BASELINE);
            } else if (idleAfter != null) {
                idleDrift(idle, idleAfter).ifPresent(warnings::add);
            }
            if (faults.warning() != null) {
                warnings.add(faults.warning());
            }
            long belowIdle = queries.stream().filter(q -> q.joulesNet() < 0).count();
            if (belowIdle > 0 && idle.measured()) {
                warnings.add(String.format(java.util.Locale.ROOT, "%d of %d queries measured below the idle baseline"
                        + " (net joules under 0): noise around idle, kept as measured; their net figures are small"
                        + " against the noise", belowIdle, queries.size()));
            }
            meterInfos = withFaults(meterInfos, meters, faults.count());
            PowerTrace trace = trace(sampler, warnings);
            Instant end = Instant.now();
            RunInfo info = new RunInfo(config.runId(), start, end, Version.get(), config.seed(), config.command(),
                    new RunInfo.SuiteInfo(suite.name(), suite.version(), suite.sha256()), settings(suite));
            RunResult result = new RunResult(RunResult.SCHEMA, info, host, meterInfos, idle, idleAfter, results,
                    warnings, trace, modelInfos(embeddingModels, generationModels), canary.record(), queries);
            return partial ? result.partial() : result;
        } catch (MeterReadException e) {
            throw new RunFailedException("energy meter failed mid-run: " + e.getMessage(), e);
        }
    }

    /** The canary runs on as many threads as the backends, so that it sees the contention they would. */
    private int canaryThreads() {
        return config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
    }

    private void probe(CanaryRun canary, String at) {
        phases.begin("drift canary · " + at);
        canary.probe(at);
    }

    private static List<ModelInfo> modelInfos(List<ModelEntry> embedding, List<ModelEntry> generation) {
        List<ModelInfo> infos = new ArrayList<>();
        for (List<ModelEntry> list : List.of(embedding, generation)) {
            for (ModelEntry e : list) {
                infos.add(new ModelInfo(e.id(), e.sha256(), e.format(), e.precision().label(), e.parameters(),
                        e.source().kind() + " " + e.source().coordinates() + " " + e.source().model()));
            }
        }
        return infos;
    }

    private Map<String, Object> settings(Suite suite) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("suite", suite.origin());
        s.put("models", config.models());
        s.put("gguf_files", config.ggufFiles().stream().map(Object::toString).toList());
        s.put("onnx_folders", config.onnxFolders().stream().map(Object::toString).toList());
        s.put("backend", config.backend() == null ? "auto" : config.backend());
        s.put("limit", config.limit());
        s.put("repetitions", config.repetitions());
        s.put("warmup_queries", config.warmup());
        s.put("idle_seconds", config.idleSeconds());
        s.put("meter", config.meter());
        s.put("powercap_root", config.meterConfig().powercapRoot().toString());
        s.put("threads", config.threads());
        // Named only when asked for, so that runs on the CPU read as before.
        if (!config.placement().device().equals("cpu")) {
            s.put("device", config.placement().device());
        }
        if (config.placement().gpuLayers() > 0) {
            s.put("gpu_layers", config.placement().gpuLayers());
        }
        if (!config.placement().remote().isEmpty()) {
            s.put("openai", config.placement().remote().stream().map(r -> Map.of("url", r.url(), "model", r.model(),
                    "chat", r.chat(), "started_by_run", r.startedByRun())).toList());
        }
        s.put("scenario", config.serving() == null ? "single" : "server");
        if (config.serving() != null) {
            s.put("concurrency", config.serving().concurrency());
            s.put("requests", config.serving().requests());
            s.put("rate_per_s", config.serving().ratePerS());
            s.put("slo_tpot_ms", config.serving().sloTpotMs());
        }
        return s;
    }

    /**
     * The used meter's details with {@code counter_resets} (the resets its counters showed during the run) and
     * {@code remeasured_windows} (query and idle windows that a meter fault, a reset, a failed read or a gap
     * between reads longer than a wrap, spoiled and that were measured again).
     */
    private static List<MeterInfo> withFaults(List<MeterInfo> infos, MeterSet meters, long remeasured) {
        List<MeterInfo> out = new ArrayList<>();
        for (MeterInfo info : infos) {
            MeterInfo m = info;
            Meter used = meters.meters().stream().filter(u -> u.id().equals(info.id())).findFirst().orElse(null);
            if (used != null && m.status().equals("used")) {
                Map<String, Object> details = new LinkedHashMap<>(m.details());
                details.put("counter_resets", used.counterResets());
                details.put("remeasured_windows", remeasured);
                m = new MeterInfo(m.id(), m.method(), m.domains(), m.status(), m.reason(), m.fix(), m.boundary(),
                        details);
            }
            out.add(m);
        }
        return out;
    }

    /** The sampler's timeline as results carry it; its errors and gaps become warnings. */
    private PowerTrace trace(Sampler sampler, List<String> warnings) {
        PowerTimeline timeline = sampler.timeline();
        List<PowerTrace.Series> series = new ArrayList<>();
        for (PowerTimeline.Series s : timeline.series()) {
            series.add(new PowerTrace.Series(s.meterId(), s.domain().name(), s.method().name(),
                    s.points().stream().map(PowerTimeline.Point::seconds).toList(),
                    s.points().stream().map(PowerTimeline.Point::watts).toList(), s.droppedPoints()));
        }
        if (sampler.errorCount() > 0) {
            warnings.add("the sampler could not read a meter " + sampler.errorCount() + " time(s); first: "
                    + sampler.errors().get(0).error().getMessage());
        }
        if (timeline.missedDeadlines() > 0) {
            warnings.add("the sampler fell behind and skipped " + timeline.missedDeadlines()
                    + " sample(s): the power timeline has gaps (energy figures are unaffected: windows read counters)");
        }
        return new PowerTrace(timeline.period().toNanos() / 1e9, series, phases.all(), timeline.missedDeadlines());
    }

    /** Idle power that moved by more than this fraction between before and after the suite is reported. */
    static final double IDLE_DRIFT_LIMIT = 0.10;

    /** The warning of a run without an idle baseline. */
    static final String NO_IDLE_BASELINE = "no idle baseline (--idle-seconds 0): nothing was subtracted, so every "
            + "net figure equals the gross one";

    /**
     * A warning when the idle power after the suite differs from the one before by more than
     * {@link #IDLE_DRIFT_LIMIT} ({@link IdleBaseline#driftTo}); none where the drift is no figure.
     */
    static java.util.Optional<String> idleDrift(IdleBaseline before, IdleBaseline after) {
        return before.driftTo(after).filter(drift -> Math.abs(drift) > IDLE_DRIFT_LIMIT).map(drift ->
                String.format(java.util.Locale.ROOT, "idle power moved from %.3f W before the suite to %.3f W after"
                        + " it (%+.1f%%, more than %.0f%%): background load or temperature changed during the run, so"
                        + " net figures (gross less the before-baseline) carry that error too", before.watts(),
                        after.watts(), drift * 100, IDLE_DRIFT_LIMIT * 100));
    }

    private IdleBaseline measureIdle(MeterSet meters, String phase) throws RunFailedException {
        if (config.idleSeconds() == 0) {
            // No baseline asked for (an A/B job measures idle itself): 0 W subtracted, so net = gross, as the
            // run's warning says.
            return RunEnergy.none(meters);
        }
        long millis = Math.round(config.idleSeconds() * 1000);
        progress.phase(phase, millis);
        phases.begin(phase);
        MeterSet.Windows w = meters.begin("idle");
        long step = 100;
        try {
            for (long done = 0; done < millis; done += step) {
                long chunk = Math.min(step, millis - done);
                pause.sleep(chunk);
                progress.advance(chunk);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("interrupted while measuring the idle baseline", e);
        }
        return RunEnergy.idle(meters, w.end());
    }

    /** {@link MeasuredPasses#limited(List, int)}, where the schedule keeps it. */
    static List<Item> limited(List<Item> all, int limit) {
        return MeasuredPasses.limited(all, limit);
    }
}
