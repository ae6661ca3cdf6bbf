package org.joulebench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * The schedule of a run's measured passes, one for every kind of task: each task's items {@linkplain #limited
 * limited}; a warm-up of the first items on every model, not measured; then {@code repetitions} measured
 * repetitions in which the models take turns in blocks ({@link PassSchedule}) in a seeded random order, each turn
 * one {@link Pass} (its own window, its queries', CPU times), every query aggregated per task and model. A kind
 * of task plugs in through {@link Kind}: its items, one warm-up query, one measured query. The run's stop request
 * is consulted before every query; a stop ends the pass in progress and the schedule.
 */
final class MeasuredPasses<M> {

    /**
     * What a kind of task (embedding, generation) brings to the schedule.
     *
     * @param <M> a loaded model of that kind
     */
    interface Kind<M> {

        /** The task's items, all of them (the schedule limits them). */
        List<Item> items(TaskSpec task);

        /** Where the model runs, which picks the meter of its headline ({@link RunEnergy#headline}). */
        String device(M model);

        /** The row the model's passes on the task measure. */
        Pass.Row row(TaskSpec task, M model);

        /** The label of the window of the model's pass on the task in repetition {@code repetition}. */
        String passLabel(TaskSpec task, M model, int repetition);

        /** One warm-up query: its figures, if any, are thrown away. */
        void warmUp(TaskSpec task, M model, Item item) throws RunFailedException;

        /** One measured query, in its own window(s), timed on the run's clock. */
        Pass.Query measure(TaskSpec task, M model, int headline, Item item, int repetition) throws RunFailedException;

        /** Whether the model can do the task; queries of one that cannot are skipped (counted as done). */
        default boolean supported(TaskSpec task, M model) {
            return true;
        }

        /** A query the model refused as unsupported; the default lets the refusal through, failing the run. */
        default void refuse(TaskSpec task, M model, UnsupportedOperationException e) {
            throw e;
        }
    }

    /**
     * How one kind of task is scheduled.
     *
     * @param warmUpPhase    the progress and power-timeline phase of the warm-up
     * @param measuringPhase the progress phase of the measured repetitions
     * @param warmupCap      warm-up queries per task and model at most, whatever {@code --warmup} says
     * @param blockSize      items per turn of a model ({@link PassSchedule#repetition})
     * @param seed           the seed of the models' order in every block
     */
    record Settings(String warmUpPhase, String measuringPhase, int warmupCap, int blockSize, long seed) {
    }

    /** A task, a model and what the schedule measured of the model on the task. */
    @FunctionalInterface
    interface RowConsumer<M> {
        void accept(TaskSpec task, M model, TaskModelAggregator measured) throws InputException, RunFailedException;
    }

    private final RunConfig config;
    private final ProgressListener progress;
    private final Phases phases;
    private final CpuTimes cpuTimes;
    private final RunEnergy energy;
    private final RunControl control;
    private final IntConsumer betweenRepetitions;
    private final Settings settings;
    private final Map<TaskSpec, Map<M, TaskModelAggregator>> measured = new LinkedHashMap<>();

    /**
     * @param betweenRepetitions called with the repetition's number after every measured repetition but the last
     *                           (the run probes its drift canary there)
     */
    MeasuredPasses(RunConfig config, ProgressListener progress, Phases phases, CpuTimes cpuTimes, RunEnergy energy,
                   RunControl control, IntConsumer betweenRepetitions, Settings settings) {
        this.config = config;
        this.progress = progress;
        this.phases = phases;
        this.cpuTimes = cpuTimes;
        this.energy = energy;
        this.control = control;
        this.betweenRepetitions = betweenRepetitions;
        this.settings = settings;
    }

    /**
     * At most {@code limit} items, spread evenly over the dataset (datasets are often sorted by source or class, so
     * the first N would not represent the whole); all items when limit is 0.
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

    /** The items of {@code task} that a run measures: {@code --limit} (or the task's own) of them. */
    static List<Item> limited(RunConfig config, TaskSpec task, List<Item> all) {
        return limited(all, task.limitFor(config.limit()));
    }

    /** Warm-up queries per task and model: {@code --warmup}, at most {@code cap} and at most {@code items}. */
    static int warmups(RunConfig config, int cap, int items) {
        return Math.min(Math.min(config.warmup(), cap), items);
    }

    /** Warms up, then measures every task on every model; what was measured is then read with {@link #forEachRow}. */
    void run(List<TaskSpec> tasks, List<M> models, Kind<M> kind) throws RunFailedException {
        Map<TaskSpec, List<Item>> queries = new LinkedHashMap<>();
        long warmTotal = 0;
        long measuredTotal = 0;
        for (TaskSpec t : tasks) {
            List<Item> q = limited(config, t, kind.items(t));
            queries.put(t, q);
            warmTotal += (long) warmups(config, settings.warmupCap(), q.size()) * models.size();
            measuredTotal += (long) q.size() * models.size() * config.repetitions();
        }

        progress.phase(settings.warmUpPhase(), warmTotal);
        phases.begin(settings.warmUpPhase());
        for (TaskSpec t : tasks) {
            List<Item> q = queries.get(t);
            int n = warmups(config, settings.warmupCap(), q.size());
            for (M m : models) {
                for (int i = 0; i < n && !control.shouldStop(); i++) {
                    kind.warmUp(t, m, q.get(i));
                    progress.advance(1);
                }
            }
        }

        Random shuffle = new Random(settings.seed());
        MeterFaults faults = control.faults();
        progress.phase(settings.measuringPhase(), measuredTotal);
        measuring:
        for (int rep = 1; rep <= config.repetitions(); rep++) {
            for (TaskSpec t : tasks) {
                phases.begin(t.id() + " · repetition " + rep + " · models interleaved");
                for (var turn : PassSchedule.repetition(models, queries.get(t), settings.blockSize(), shuffle)) {
                    M m = turn.model();
                    TaskModelAggregator a = measured.computeIfAbsent(t, k -> new LinkedHashMap<>())
                            .computeIfAbsent(m, k -> new TaskModelAggregator());
                    int headline = energy.headline(kind.device(m));
                    Pass pass = Pass.begin(energy, headline, cpuTimes, kind.passLabel(t, m, rep), kind.row(t, m),
                            turn.block());
                    for (Item item : turn.items()) {
                        if (control.shouldStop()) {
                            pass.end(a, faults);
                            break measuring;
                        }
                        if (kind.supported(t, m)) {
                            try {
                                int r = rep;
                                pass.query(control, rep, item.id(), () -> kind.measure(t, m, headline, item, r));
                            } catch (UnsupportedOperationException e) {
                                kind.refuse(t, m, e);
                            }
                        }
                        progress.advance(1);
                    }
                    pass.end(a, faults);
                }
            }
            if (rep < config.repetitions()) {
                betweenRepetitions.accept(rep);
            }
        }
    }

    /**
     * Every task × model that measured something, in the order of {@code tasks} then {@code models}; rows the run
     * stopped before, and models that cannot do the task, are left out.
     */
    void forEachRow(List<TaskSpec> tasks, List<M> models, Kind<M> kind, RowConsumer<M> row)
            throws InputException, RunFailedException {
        for (TaskSpec t : tasks) {
            for (M m : models) {
                TaskModelAggregator a = measured.getOrDefault(t, Map.of()).get(m);
                if (!kind.supported(t, m) || a == null || a.isEmpty()) {
                    continue;
                }
                row.accept(t, m, a);
            }
        }
    }
}
