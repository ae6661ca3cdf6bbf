package org.joulebench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterSet;
import org.joulebench.meters.Ticker;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Embedding;

/**
 * The embedding half of a run: each task prepared per model (its setup texts embedded, measured apart as setup
 * energy), then the {@link MeasuredPasses} schedule with the models of a task taking turns in blocks of
 * {@link #EMBEDDING_BLOCK} queries, one window per query.
 */
final class EmbeddingPasses implements MeasuredPasses.Kind<LoadedModels.Loaded> {

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
    private final Phases phases;
    private final RunEnergy energy;
    private final MeterFaults faults;
    private final Ticker clock;
    private final MeasuredPasses<LoadedModels.Loaded> schedule;
    /** By task, each model's own task: each model builds its own index from its own vectors. */
    private final Map<TaskSpec, Map<LoadedModels.Loaded, EmbeddingTask>> prepared = new LinkedHashMap<>();

    /**
     * @param clock              the clock of query latencies: the meters' own, so that a query's latency and its
     *                           energy window are timed alike
     * @param betweenRepetitions called with the repetition's number after every measured repetition but the last
     */
    EmbeddingPasses(RunConfig config, ProgressListener progress, Phases phases, CpuTimes cpuTimes, RunEnergy energy,
                    RunControl control, Ticker clock, IntConsumer betweenRepetitions) {
        this.config = config;
        this.progress = progress;
        this.phases = phases;
        this.energy = energy;
        this.faults = control.faults();
        this.clock = clock;
        this.schedule = new MeasuredPasses<>(config, progress, phases, cpuTimes, energy, control, betweenRepetitions,
                new MeasuredPasses.Settings("warm-up", "measuring", Integer.MAX_VALUE, EMBEDDING_BLOCK, config.seed()));
    }

    void run(LoadedModels models, Map<TaskSpec, ScorerProvider> scorers, List<TaskModelResult> results,
             List<QueryRecord> records) throws InputException, RunFailedException {
        Map<TaskSpec, Map<LoadedModels.Loaded, Double>> setupJoules = prepare(models, scorers);
        List<TaskSpec> tasks = List.copyOf(scorers.keySet());
        schedule.run(tasks, models.all(), this);
        schedule.forEachRow(tasks, models.all(), this, (t, m, a) -> {
            EmbeddingTask task = prepared.get(t).get(m);
            var e = m.spec().entry();
            Meter meter = energy.meter(energy.headline(m.backend().device()));
            results.add(a.result(t.id(), e.id(), m.spec().backend().id(), m.backend().device(),
                    e.precision().label(), e.parameters(), config.repetitions(), task.metric(),
                    task.otherMetrics(), meter.id(), meter.method().name(), meter.boundary(), setupJoules.get(t).get(m),
                    RunEnergy.relativeUncertainty(meter)).withDomains(a.domainResults(energy::boundaryOf)));
            records.addAll(a.records(t.id(), e.id(), m.spec().backend().id(), meter.method().name()));
        });
    }

    /** Prepares every task on every model; the gross setup joules of each. */
    private Map<TaskSpec, Map<LoadedModels.Loaded, Double>> prepare(LoadedModels models,
                                                                  Map<TaskSpec, ScorerProvider> scorers)
            throws InputException, RunFailedException {
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
        return setupJoules;
    }

    @Override
    public List<Item> items(TaskSpec task) {
        return prepared.get(task).values().iterator().next().queries();
    }

    @Override
    public String device(LoadedModels.Loaded m) {
        return m.backend().device();
    }

    @Override
    public Pass.Row row(TaskSpec t, LoadedModels.Loaded m) {
        return new Pass.Row(t.id(), m.spec().entry().id(), m.spec().backend().id());
    }

    @Override
    public String passLabel(TaskSpec t, LoadedModels.Loaded m, int repetition) {
        return "pass " + t.id() + " " + m.spec().entry().id() + " " + repetition;
    }

    @Override
    public void warmUp(TaskSpec t, LoadedModels.Loaded m, Item item) throws RunFailedException {
        prepared.get(t).get(m).score(item, embed(m, item.text()).vector());
    }

    @Override
    public Pass.Query measure(TaskSpec t, LoadedModels.Loaded m, int headline, Item item, int rep)
            throws RunFailedException {
        EmbeddingTask task = prepared.get(t).get(m);
        MeterSet.Windows w = energy.begin(item.id());
        long t0 = clock.nanoTime();
        Embedding e = embed(m, item.text());
        Score score = task.score(item, e.vector());
        long t1 = clock.nanoTime();
        RunEnergy.Figures f = energy.figures(w.end(), headline);
        return new Pass.Query(new TaskModelAggregator.Sample(rep, item.id(), e.tokens(), f.gross(), f.net(),
                f.seconds(), (t1 - t0) / 1e6, score, false, null, 0, f.domains()), f.shortMeters());
    }

    /**
     * A task for a model's setup. The run made every task once before any model loaded, which refused bad input
     * then; a task that cannot be made from the same inputs now is a failure of the run.
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
