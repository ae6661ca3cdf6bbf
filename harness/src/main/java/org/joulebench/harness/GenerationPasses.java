package org.joulebench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterSet;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationListener;

/**
 * The generation half of a run: every generation task on every (model, engine) pair on the {@link MeasuredPasses}
 * schedule (warm-up first, then measured repetitions with the pairs' order shuffled each time). A generating query
 * has three windows — the whole response, prefill (to the first token) and decode (the rest) — so
 * that joules per prompt token and per generated token exist apart; a scoring query has one.
 */
final class GenerationPasses {

    /**
     * Warm-up queries per task and pair at most: one generating query runs dozens of forward passes, so a
     * few warm the engine as well as the embedding tasks' many single passes.
     */
    static final int WARMUP_CAP = 10;

    /**
     * Generations per turn of a model in a measured pass ({@link PassSchedule}): the whole pass. Alternating
     * generation engines query by query was measured to distort them: an engine's native threads keep busy-waiting
     * after its query (the llama.cpp child, the Java engine's workers), and in the default run on 2 cores the Java
     * engine then decoded kjv-large at 118 tokens/s instead of 497, kjv-small at 873 instead of 3,482. Until the
     * engines can be told to stop waiting actively, generation keeps one turn per model and repetition, in the
     * schedule's balanced random order.
     */
    static final int GENERATION_BLOCK = Integer.MAX_VALUE;

    private final java.util.function.IntConsumer betweenRepetitions;
    private final RunConfig config;
    private final ProgressListener progress;
    private final Phases phases;
    private final CpuTimes cpuTimes;
    private final RunEnergy energy;
    private final RunControl control;
    private final org.joulebench.meters.Ticker clock;

    GenerationPasses(RunConfig config, ProgressListener progress, Phases phases, CpuTimes cpuTimes, Meter meter,
                     IdleBaseline idle) {
        this(config, progress, phases, cpuTimes, new RunEnergy(MeterSet.of(List.of(meter)), idle), rep -> { },
                RunControl.none());
    }

    GenerationPasses(RunConfig config, ProgressListener progress, Phases phases, CpuTimes cpuTimes, Meter meter,
                     IdleBaseline idle, java.util.function.IntConsumer betweenRepetitions, RunControl control) {
        this(config, progress, phases, cpuTimes, new RunEnergy(MeterSet.of(List.of(meter)), idle), betweenRepetitions,
                control);
    }

    /**
     * @param betweenRepetitions called with the repetition's number after every measured repetition but the
     *                           last (the run probes its drift canary there)
     * @param control            the run's stop request, journal and meter-fault count
     */
    GenerationPasses(RunConfig config, ProgressListener progress, Phases phases, CpuTimes cpuTimes, RunEnergy energy,
                     java.util.function.IntConsumer betweenRepetitions, RunControl control) {
        this(config, progress, phases, cpuTimes, energy, betweenRepetitions, control,
                org.joulebench.meters.Ticker.system());
    }

    /**
     * @param clock the clock of query latencies: the meters' own, so that a query's latency and its energy windows
     *              are timed alike
     */
    GenerationPasses(RunConfig config, ProgressListener progress, Phases phases, CpuTimes cpuTimes, RunEnergy energy,
                     java.util.function.IntConsumer betweenRepetitions, RunControl control,
                     org.joulebench.meters.Ticker clock) {
        this.clock = clock;
        this.betweenRepetitions = betweenRepetitions;
        this.control = control;
        this.config = config;
        this.progress = progress;
        this.phases = phases;
        this.cpuTimes = cpuTimes;
        this.energy = energy;
    }

    /** (task, engine) pairs the engine cannot do (log-likelihood through a binding that hides logits). */
    private final java.util.Set<String> unsupported = new java.util.LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();

    /** A measured query's place, for the energy its server claimed. */
    private record ClaimKey(GenerationTask task, LoadedEngines.Loaded model, int repetition, String item) {
    }

    /** The energy servers claimed per measured query (the last attempt's, where a meter fault repeated one). */
    private final Map<ClaimKey, org.joulebench.runners.EnergyClaim> claims = new java.util.HashMap<>();

    /** What the run must tell the reader: tasks an engine could not do. */
    List<String> warnings() {
        return warnings;
    }

    private static String key(TaskSpec t, LoadedEngines.Loaded m) {
        return t.id() + "\u0000" + m.spec().engine().id() + "\u0000" + m.spec().entry().id();
    }

    /** Whether the engine can do the task: it has not refused it (the first refusal is recorded as a warning). */
    private boolean supported(TaskSpec t, LoadedEngines.Loaded m) {
        return !unsupported.contains(key(t, m));
    }

    private void refuse(TaskSpec t, LoadedEngines.Loaded m, UnsupportedOperationException e) {
        if (unsupported.add(key(t, m))) {
            warnings.add("task " + t.id() + " was not run on " + m.spec().entry().id() + " with engine "
                    + m.spec().engine().id() + ": " + e.getMessage());
        }
    }

    void run(LoadedEngines engines, Map<TaskSpec, ScorerProvider> scorers, List<TaskModelResult> results,
             List<QueryRecord> records) throws InputException, RunFailedException {
        for (var e : scorers.entrySet()) {
            tasks.put(e.getKey(), (GenerationTask) e.getValue().create(e.getKey()));
        }
        List<TaskSpec> specs = List.copyOf(tasks.keySet());
        MeasuredPasses<LoadedEngines.Loaded> schedule = new MeasuredPasses<>(config, progress, phases, cpuTimes, energy,
                control, betweenRepetitions, new MeasuredPasses.Settings("generation warm-up", "measuring generation",
                WARMUP_CAP, GENERATION_BLOCK, config.seed() ^ 0x6a6f756c65L));
        schedule.run(specs, engines.all(), kind);
        schedule.forEachRow(specs, engines.all(), kind, (t, m, a) -> {
            GenerationTask task = tasks.get(t);
            var e = m.spec().entry();
            String engine = m.spec().engine().id();
            Meter meter = energy.meter(energy.headline(m.backend().device()));
            Double uncertainty = RunEnergy.relativeUncertainty(meter);
            TaskModelResult r = a.result(t.id(), e.id(), engine, m.backend().device(), e.precision().label(),
                    e.parameters(), config.repetitions(), task.metric(), task.otherMetrics(), task.proportion(),
                    task.higherIsBetter(), meter.id(), meter.method().name(), boundary(meter, e), 0, uncertainty)
                    .withDomains(a.domainResults(energy::boundaryOf));
            // Random weights answer nothing: their energy is real, their accuracy is not applicable.
            results.add(LocalModels.synthetic(e) ? r.withoutAccuracy() : r);
            for (QueryRecord q : a.records(t.id(), e.id(), engine, meter.method().name())) {
                var claim = claims.get(new ClaimKey(task, m, q.repetition(), q.item()));
                records.add(claim == null ? q : q.withServerClaim(claim));
            }
        });
    }

    /** The generation tasks, made once per run. */
    private final Map<TaskSpec, GenerationTask> tasks = new LinkedHashMap<>();

    /** Generation as the schedule sees it: an engine may refuse a task it cannot do (the first refusal is warned). */
    private final MeasuredPasses.Kind<LoadedEngines.Loaded> kind = new MeasuredPasses.Kind<>() {
        @Override
        public List<Item> items(TaskSpec t) {
            return tasks.get(t).queries();
        }

        @Override
        public String device(LoadedEngines.Loaded m) {
            return m.backend().device();
        }

        @Override
        public Pass.Row row(TaskSpec t, LoadedEngines.Loaded m) {
            return new Pass.Row(t.id(), m.spec().entry().id(), m.spec().engine().id());
        }

        @Override
        public String passLabel(TaskSpec t, LoadedEngines.Loaded m, int repetition) {
            return "pass " + t.id() + " " + m.spec().entry().id();
        }

        @Override
        public void warmUp(TaskSpec t, LoadedEngines.Loaded m, Item item) throws RunFailedException {
            if (!supported(t, m)) {
                return;
            }
            try {
                query(tasks.get(t), m, energy.headline(m.backend().device()), item, 0);
            } catch (UnsupportedOperationException e) {
                refuse(t, m, e);
            } catch (org.joulebench.meters.MeterReadException e) {
                // a warm-up's figures are thrown away: a window a meter fault spoiled costs nothing
            }
        }

        @Override
        public Pass.Query measure(TaskSpec t, LoadedEngines.Loaded m, int headline, Item item, int repetition)
                throws RunFailedException {
            return query(tasks.get(t), m, headline, item, repetition);
        }

        @Override
        public boolean supported(TaskSpec t, LoadedEngines.Loaded m) {
            return GenerationPasses.this.supported(t, m);
        }

        @Override
        public void refuse(TaskSpec t, LoadedEngines.Loaded m, UnsupportedOperationException e) {
            GenerationPasses.this.refuse(t, m, e);
        }
    };

    /** The meter's boundary; for a model behind a server, with whether the server is inside it. */
    private String boundary(Meter meter, org.joulebench.zoo.ModelEntry e) {
        return org.joulebench.zoo.ModelEntry.REMOTE_KIND.equals(e.source().kind())
                ? RemoteModels.boundary(meter.boundary(), meter.method().name(), e, config.placement().remote())
                : meter.boundary();
    }

    private Pass.Query query(GenerationTask task, LoadedEngines.Loaded m, int headline, Item item, int rep)
            throws RunFailedException {
        try {
            return task.kind() == GenerationTask.Kind.GENERATE ? generate(task, m, headline, item, rep)
                    : score(task, m, headline, item, rep);
        } catch (BackendException e) {
            throw new RunFailedException("model " + m.spec().entry().id() + " on " + m.spec().engine().id()
                    + " failed on item " + item.id() + ": " + e.getMessage(), e);
        }
    }

    private Pass.Query generate(GenerationTask task, LoadedEngines.Loaded m, int headline, Item item, int rep)
            throws BackendException {
        // Three overlapping windows on every meter: the response, and within it prefill then decode, switched at the
        // first token.
        MeterSet.Windows total = energy.begin(item.id());
        MeterSet.Windows[] phase = {energy.begin(item.id() + " prefill"), null};
        MeterSet.Readings[] prefill = {null};
        long t0 = clock.nanoTime();
        GenerationListener listener = new GenerationListener() {
            @Override
            public void prefillDone(int promptTokens) {
                if (prefill[0] == null) {
                    prefill[0] = phase[0].end();
                    phase[1] = energy.begin(item.id() + " decode");
                }
            }
        };
        Generation g = m.backend().generate(task.request(item), listener);
        if (g.serverClaim() != null && rep > 0) {
            claims.put(new ClaimKey(task, m, rep, item.id()), g.serverClaim());
        }
        long t1 = clock.nanoTime();
        if (prefill[0] == null) { // an engine that produced nothing: all of it was prefill
            listener.prefillDone(g.promptTokens());
        }
        RunEnergy.Figures decode = energy.figures(phase[1].end(), headline);
        RunEnergy.Figures whole = energy.figures(total.end(), headline);
        RunEnergy.Figures pre = energy.figures(prefill[0], headline);
        TaskModelAggregator.GenParts parts = new TaskModelAggregator.GenParts(g.promptTokens(), g.newTokens(),
                pre.gross(), pre.net(), pre.seconds(), decode.gross(), decode.net(), decode.seconds());
        java.util.Set<String> shortMeters = new java.util.LinkedHashSet<>(whole.shortMeters());
        shortMeters.addAll(pre.shortMeters());
        shortMeters.addAll(decode.shortMeters());
        return new Pass.Query(new TaskModelAggregator.Sample(rep, item.id(), g.promptTokens() + g.newTokens(),
                whole.gross(), whole.net(), whole.seconds(), (t1 - t0) / 1e6, task.score(item, g), false, parts, 0,
                whole.domains()), shortMeters);
    }

    private Pass.Query score(GenerationTask task, LoadedEngines.Loaded m, int headline, Item item, int rep)
            throws BackendException {
        int tokens = m.backend().tokenize(task.context(item) + task.continuation(item)).size();
        MeterSet.Windows w = energy.begin(item.id());
        long t0 = clock.nanoTime();
        double bits = m.backend().log2Likelihood(task.context(item), task.continuation(item));
        long t1 = clock.nanoTime();
        RunEnergy.Figures f = energy.figures(w.end(), headline);
        return new Pass.Query(new TaskModelAggregator.Sample(rep, item.id(), tokens, f.gross(), f.net(), f.seconds(),
                (t1 - t0) / 1e6, task.score(item, bits), false, null, 0, f.domains()), f.shortMeters());
    }
}
