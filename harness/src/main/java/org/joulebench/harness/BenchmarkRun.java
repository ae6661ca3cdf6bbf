package org.joulebench.harness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterSet;
import org.joulebench.meters.MeterProvider;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Meters;
import org.joulebench.meters.PowerTimeline;
import org.joulebench.meters.Probe;
import org.joulebench.meters.Sampler;
import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Embedding;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelZoo;

/**
 * One benchmark run: loads the suite, the models and the meter (failing early, before anything
 * is measured), measures an idle baseline, prepares each task per model, warms up, then runs
 * {@code repetitions} measured passes with the model order shuffled each time, one energy
 * window per query. A drift canary ({@link CanaryRun}) is probed after the idle baseline, after every
 * repetition but the last of each kind of task, and at the end.
 */
public final class BenchmarkRun {

    /**
     * Embedding queries per turn of a model in a measured pass (see {@link PassSchedule}): about 0.1 s of MiniLM
     * here, short against the bursts of other load that a shared machine sees (0.2 to 3 s), long against the RAPL
     * counters' update period (1 ms) from which a too-short query is apportioned.
     */
    static final int EMBEDDING_BLOCK = 8;

    /** Texts per batch when embedding a task's setup texts (candidates, training items). */
    private static final int SETUP_BATCH = 32;

    private final RunConfig config;
    private final ProgressListener progress;
    private final CpuTimes cpuTimes = CpuTimes.system();
    private final RunControl control;
    private final MeterFaults faults;
    private Phases phases;

    private BenchmarkRun(RunConfig config, ProgressListener progress, RunControl control) {
        this.config = config;
        this.progress = progress;
        this.control = control;
        this.faults = control.faults();
    }

    public static RunResult execute(RunConfig config, ProgressListener progress)
            throws InputException, RunFailedException {
        return execute(config, progress, RunControl.none());
    }

    /**
     * Runs, consulting {@code control} between queries: when it asks to stop, the run ends at the next query
     * boundary and returns a {@linkplain RunResult#partial() partial} result of what was measured until then.
     */
    public static RunResult execute(RunConfig config, ProgressListener progress, RunControl control)
            throws InputException, RunFailedException {
        try {
            return new BenchmarkRun(config, progress, control).run();
        } finally {
            progress.done();
        }
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
        ModelZoo zoo = ModelZoo.builtIn();
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
        HostInfo host = HostProbe.describe();

        List<String> meterWarnings = new ArrayList<>();
        MeterSet meters = openMeters(meterWarnings);
        Meter meter = meters.first();
        Sampler sampler;
        try {
            sampler = new Sampler(meters.meters(), config.meterConfig());
        } catch (IllegalArgumentException e) {
            meters.close();
            throw new InputException(e.getMessage(), "raise --sample-hz");
        }
        phases = new Phases(System.nanoTime());
        BackendConfig placed = new BackendConfig(config.threads(), config.placement().device(),
                config.placement().gpuLayers());
        try (meters; sampler; LoadedModels models = LoadedModels.open(zoo, specs, placed);
             LoadedEngines engines = LoadedEngines.open(zoo, engineSpecs, placed);
             CanaryRun canary = CanaryRun.standard(meter, canaryThreads())) {
            sampler.start();
            List<MeterInfo> meterInfos = describeMeters(meters);
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
                runTasks(energy, models, scorers, results, queries, canary);
                if (!generationScorers.isEmpty() && !control.stopped()) {
                    probe(canary, "after the embedding passes");
                }
            }
            List<String> engineWarnings = new ArrayList<>();
            engines.all().stream().flatMap(m -> m.backend().notes().stream()).distinct().forEach(engineWarnings::add);
            if (!generationScorers.isEmpty() && !control.stopped() && config.serving() != null) {
                ServingPasses passes = new ServingPasses(config, progress, phases, energy, control,
                        org.joulebench.meters.Ticker.system(), ServingPasses.STALL_TIMEOUT);
                passes.run(engines, generationScorers, servingPlans, results, queries);
                engineWarnings.addAll(servingWarnings);
                engineWarnings.addAll(passes.warnings());
            } else if (!generationScorers.isEmpty() && !control.stopped()) {
                GenerationPasses passes = new GenerationPasses(config, progress, phases, cpuTimes, energy,
                        rep -> probe(canary, "after generation repetition " + rep), control);
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
            if (config.idleSeconds() == 0) {
                warnings.add(NO_IDLE_BASELINE);
            } else if (idleAfter != null) {
                idleDrift(idle, idleAfter).ifPresent(warnings::add);
            }
            if (faults.warning() != null) {
                warnings.add(faults.warning());
            }
            long belowIdle = queries.stream().filter(q -> q.joulesNet() < 0).count();
            if (belowIdle > 0 && config.idleSeconds() > 0) {
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

    private List<MeterInfo> describeMeters(MeterSet meters) {
        List<MeterInfo> infos = new ArrayList<>();
        for (MeterProvider p : Meters.providers()) {
            Meter used = meters.meters().stream().filter(u -> u.id().equals(p.id())).findFirst().orElse(null);
            if (used != null) {
                infos.add(new MeterInfo(p.id(), used.method().name(),
                        used.domains().stream().map(Enum::name).toList(), "used", p.probe(config.meterConfig()).detail(),
                        null, used.boundary(), used.details()));
            } else {
                Probe probe = p.probe(config.meterConfig());
                infos.add(new MeterInfo(p.id(), p.method().name(), List.of(),
                        probe.isAvailable() ? "available" : "unavailable", probe.detail(), probe.fix().orElse(null),
                        null, null));
            }
        }
        return infos;
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

    /** A warning when the idle power after the suite differs from the one before by more than {@link #IDLE_DRIFT_LIMIT}. */
    /** The warning of a run without an idle baseline. */
    static final String NO_IDLE_BASELINE = "no idle baseline (--idle-seconds 0): nothing was subtracted, so every "
            + "net figure equals the gross one";

    static java.util.Optional<String> idleDrift(IdleBaseline before, IdleBaseline after) {
        double base = Math.max(Math.abs(before.watts()), 1e-12);
        double drift = (after.watts() - before.watts()) / base;
        if (Math.abs(drift) <= IDLE_DRIFT_LIMIT) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(java.util.Locale.ROOT,
                "idle power moved from %.3f W before the suite to %.3f W after it (%+.1f%%, more than %.0f%%): "
                        + "background load or temperature changed during the run, so net figures (gross less the "
                        + "before-baseline) carry that error too", before.watts(), after.watts(), drift * 100,
                IDLE_DRIFT_LIMIT * 100));
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
                Thread.sleep(chunk);
                progress.advance(chunk);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("interrupted while measuring the idle baseline", e);
        }
        return RunEnergy.idle(meters, w.end());
    }

    /**
     * The meter {@code --meter} names (or auto's CPU meter) and, beside it, every accelerator meter that works here:
     * one that probes available but fails to open is left out with a warning.
     */
    private MeterSet openMeters(List<String> warnings) throws InputException {
        Meter chosen;
        try {
            chosen = Meters.open(config.meter(), config.meterConfig());
        } catch (MeterUnavailableException e) {
            throw new InputException("meter '" + config.meter() + "' cannot be used: " + e.getMessage(), e.fix(), e);
        }
        List<Meter> open = new ArrayList<>(List.of(chosen));
        for (MeterProvider p : Meters.availableAccelerators(config.meterConfig())) {
            if (p.id().equals(chosen.id())) {
                continue;
            }
            try {
                open.add(p.open(config.meterConfig()));
            } catch (MeterUnavailableException | RuntimeException e) {
                warnings.add("meter " + p.id() + " probed available but could not be opened, so its domain is not"
                        + " measured: " + e.getMessage());
            }
        }
        return MeterSet.of(open);
    }

    private void runTasks(RunEnergy energy, LoadedModels models,
                          Map<TaskSpec, ScorerProvider> scorers, List<TaskModelResult> results,
                          List<QueryRecord> records, CanaryRun canary) throws InputException, RunFailedException {
        // A fresh task per model: each model builds its own index from its own vectors.
        Map<TaskSpec, Map<LoadedModels.Loaded, EmbeddingTask>> prepared = new LinkedHashMap<>();
        Map<TaskSpec, Map<LoadedModels.Loaded, Double>> setupJoules = new LinkedHashMap<>();
        long setupTotal = 0;
        for (TaskSpec t : scorers.keySet()) {
            setupTotal += (long) ((EmbeddingTask) scorers.get(t).create(t)).setupTexts().size() * models.all().size();
        }
        progress.phase("preparing tasks", setupTotal);
        phases.begin("preparing tasks");
        for (var entry : scorers.entrySet()) {
            TaskSpec t = entry.getKey();
            for (LoadedModels.Loaded m : models.all()) {
                // A fresh task for each attempt: one whose window a meter fault spoiled is prepared again.
                Prepared p = faults.measure("the setup of " + t.id() + " on " + m.spec().entry().id(), () -> {
                    EmbeddingTask task = create(entry.getValue(), t);
                    MeterSet.Windows w = energy.begin("setup " + t.id() + " " + m.spec().entry().id());
                    task.prepare(embedAll(m, task.setupTexts()));
                    return new Prepared(task, energy.figures(w.end(), energy.headline(m.backend().device())).gross());
                });
                setupJoules.computeIfAbsent(t, k -> new LinkedHashMap<>()).put(m, p.joules());
                prepared.computeIfAbsent(t, k -> new LinkedHashMap<>()).put(m, p.task());
            }
        }

        Map<TaskSpec, List<Item>> queries = new LinkedHashMap<>();
        long measuredTotal = 0;
        long warmTotal = 0;
        for (TaskSpec t : scorers.keySet()) {
            List<Item> all = prepared.get(t).values().iterator().next().queries();
            List<Item> q = limited(all, t.limitFor(config.limit()));
            queries.put(t, q);
            measuredTotal += (long) q.size() * models.all().size() * config.repetitions();
            warmTotal += (long) Math.min(config.warmup(), q.size()) * models.all().size();
        }

        progress.phase("warm-up", warmTotal);
        phases.begin("warm-up");
        for (TaskSpec t : scorers.keySet()) {
            List<Item> q = queries.get(t);
            for (LoadedModels.Loaded m : models.all()) {
                EmbeddingTask task = prepared.get(t).get(m);
                for (int i = 0; i < Math.min(config.warmup(), q.size()) && !control.shouldStop(); i++) {
                    Item item = q.get(i);
                    task.score(item, embed(m, item.text()).vector());
                    progress.advance(1);
                }
            }
        }

        Map<TaskSpec, Map<LoadedModels.Loaded, TaskModelAggregator>> agg = new LinkedHashMap<>();
        Random shuffle = new Random(config.seed());
        progress.phase("measuring", measuredTotal);
        measuring:
        for (int rep = 1; rep <= config.repetitions(); rep++) {
            for (TaskSpec t : scorers.keySet()) {
                phases.begin(t.id() + " · repetition " + rep + " · models interleaved");
                for (var turn : PassSchedule.repetition(models.all(), queries.get(t), EMBEDDING_BLOCK, shuffle)) {
                    LoadedModels.Loaded m = turn.model();
                    EmbeddingTask task = prepared.get(t).get(m);
                    TaskModelAggregator a = agg.computeIfAbsent(t, k -> new LinkedHashMap<>())
                            .computeIfAbsent(m, k -> new TaskModelAggregator());
                    int headline = energy.headline(m.backend().device());
                    Pass pass = Pass.begin(energy, headline, cpuTimes, "pass " + t.id() + " " + m.spec().entry().id() + " " + rep,
                            new Pass.Row(t.id(), m.spec().entry().id(), m.spec().backend().id()), turn.block());
                    for (Item item : turn.items()) {
                        if (control.shouldStop()) {
                            pass.end(a, faults);
                            break measuring;
                        }
                        int r = rep;
                        pass.query(control, rep, item.id(), () -> measureQuery(energy, headline, m, task, item, r));
                        progress.advance(1);
                    }
                    pass.end(a, faults);
                }
            }
            if (rep < config.repetitions()) {
                probe(canary, "after repetition " + rep);
            }
        }

        for (TaskSpec t : scorers.keySet()) {
            for (LoadedModels.Loaded m : models.all()) {
                EmbeddingTask task = prepared.get(t).get(m);
                TaskModelAggregator a = agg.getOrDefault(t, Map.of()).get(m);
                if (a == null || a.isEmpty()) {
                    continue; // the run stopped before this row measured anything
                }
                var e = m.spec().entry();
                Meter meter = energy.meter(energy.headline(m.backend().device()));
                results.add(a.result(t.id(), e.id(), m.spec().backend().id(), m.backend().device(),
                        e.precision().label(), e.parameters(), config.repetitions(), task.metric(),
                        task.otherMetrics(), meter.id(), meter.method().name(), meter.boundary(), setupJoules.get(t).get(m),
                        relativeUncertainty(meter)).withDomains(a.domainResults(energy::boundaryOf)));
                records.addAll(a.records(t.id(), e.id(), m.spec().backend().id(), meter.method().name()));
            }
        }
    }

    /**
     * At most {@code limit} items, spread evenly over the dataset (datasets are often sorted by
     * source or class, so the first N would not represent the whole); all items when limit is 0.
     */
    static List<Item> limited(List<Item> all, int limit) {
        if (limit <= 0 || limit >= all.size()) {
            return all;
        }
        List<Item> out = new ArrayList<>(limit);
        for (int i = 0; i < limit; i++) {
            out.add(all.get((int) ((long) i * all.size() / limit)));
        }
        return out;
    }

    /** The meter's own statement of its systematic uncertainty (estimates), or null where it states none. */
    static Double relativeUncertainty(Meter meter) {
        java.util.OptionalDouble u = meter.relativeUncertainty();
        return u.isPresent() ? u.getAsDouble() : null;
    }

    /**
     * A task for a model's setup. {@link #run()} made every task once before any model loaded, which refused bad
     * input then; a task that cannot be made from the same inputs now is a failure of the run.
     */
    private static EmbeddingTask create(ScorerProvider provider, TaskSpec t) throws RunFailedException {
        try {
            return (EmbeddingTask) provider.create(t);
        } catch (InputException e) {
            throw new RunFailedException("task " + t.id() + " could not be made again: " + e.getMessage(), e);
        }
    }

    /** A task prepared on a model (its corpus embedded), and the energy that took. */
    private record Prepared(EmbeddingTask task, double joules) {
    }

    private Pass.Query measureQuery(RunEnergy energy, int headline, LoadedModels.Loaded m,
                                  EmbeddingTask task, Item item, int rep) throws RunFailedException {
        MeterSet.Windows w = energy.begin(item.id());
        long t0 = System.nanoTime();
        Embedding e = embed(m, item.text());
        Score score = task.score(item, e.vector());
        long t1 = System.nanoTime();
        RunEnergy.Figures f = energy.figures(w.end(), headline);
        return new Pass.Query(new TaskModelAggregator.Sample(rep, item.id(), e.tokens(), f.gross(), f.net(),
                f.seconds(), (t1 - t0) / 1e6, score, false, null, 0, f.domains()), f.shortMeters());
    }

    private Embedding embed(LoadedModels.Loaded m, String text) throws RunFailedException {
        try {
            return m.backend().embed(text);
        } catch (BackendException e) {
            throw new RunFailedException("model " + m.spec().entry().id() + " failed: " + e.getMessage(), e);
        }
    }

    private List<float[]> embedAll(LoadedModels.Loaded m, List<String> texts) throws RunFailedException {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += SETUP_BATCH) {
            List<String> batch = texts.subList(i, Math.min(texts.size(), i + SETUP_BATCH));
            try {
                for (Embedding e : m.backend().embedBatch(batch)) {
                    out.add(e.vector());
                }
            } catch (BackendException e) {
                throw new RunFailedException("model " + m.spec().entry().id() + " failed: " + e.getMessage(), e);
            }
            progress.advance(batch.size());
        }
        return out;
    }
}
