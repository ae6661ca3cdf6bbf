package org.joulebench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.joulebench.meters.Meter;
import org.joulebench.meters.Ticker;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.SharedGenerator;

/**
 * The serving scenario ({@code run --scenario server}): every generating task on every (model, engine) pair at each
 * concurrency level, {@code repetitions} times, levels in the order given within each repetition. Each level is one
 * {@link LoadDriver} run with its steady-state window read by a {@link ServingMeter}; {@link ServingAggregator} makes
 * one result entry per task × model × engine × level, its headline from the meter {@link RunEnergy#headline} names for the
 * engine's device and each domain from its own meter. Tasks that generate nothing (bits per character) are skipped
 * with a warning.
 */
final class ServingPasses {

    /** How long a level waits for any token before it gives the engine up as stalled. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private final RunConfig config;
    private final ProgressListener progress;
    private final Phases phases;
    private final ServingMeter meter;
    private final RunEnergy energy;
    private final RunControl control;
    private final Duration stallTimeout;
    private final Ticker clock;
    private final List<String> warnings = new ArrayList<>();

    ServingPasses(RunConfig config, ProgressListener progress, Phases phases, RunEnergy energy, RunControl control,
                  Ticker clock, Duration stallTimeout) {
        this.config = config;
        this.progress = progress;
        this.phases = phases;
        this.meter = new ServingMeter(energy, clock);
        this.energy = energy;
        this.control = control;
        this.stallTimeout = stallTimeout;
        this.clock = clock;
    }

    List<String> warnings() {
        return warnings;
    }

    /**
     * The tasks the scenario runs, each with the plan it runs with (the command line's over the task's own); a task
     * that generates nothing is left out with a warning.
     *
     * @throws InputException a task's plan cannot give a steady state, or it has no levels
     */
    static Map<TaskSpec, ServingPlan> plans(RunConfig config, Map<TaskSpec, ScorerProvider> scorers,
                                            List<String> warnings) throws InputException {
        Map<TaskSpec, ServingPlan> out = new LinkedHashMap<>();
        for (var e : scorers.entrySet()) {
            Task task = e.getValue().create(e.getKey());
            if (!(task instanceof GenerationTask g) || g.kind() != GenerationTask.Kind.GENERATE) {
                warnings.add("task " + e.getKey().id() + " was skipped: the server scenario serves generated text,"
                        + " and this task " + (task instanceof GenerationTask ? "scores given text" : "embeds text"));
                continue;
            }
            ServingPlan plan = config.serving().over(e.getKey().serving());
            plan.requireRunnable(e.getKey().id());
            out.put(e.getKey(), plan);
        }
        return out;
    }

    void run(LoadedEngines engines, Map<TaskSpec, ScorerProvider> scorers, Map<TaskSpec, ServingPlan> plans,
             List<TaskModelResult> results, List<QueryRecord> records) throws InputException, RunFailedException {
        Map<TaskSpec, GenerationTask> tasks = new LinkedHashMap<>();
        Map<TaskSpec, List<LoadDriver.Request>> requests = new LinkedHashMap<>();
        int widest = 1;
        long total = 0;
        for (TaskSpec t : plans.keySet()) {
            GenerationTask task = (GenerationTask) scorers.get(t).create(t);
            tasks.put(t, task);
            List<Item> items = MeasuredPasses.limited(config, t, task.queries());
            List<LoadDriver.Request> list = new ArrayList<>();
            int most = plans.get(t).concurrency().stream().mapToInt(plans.get(t)::requestsAt).max().orElse(0);
            for (int i = 0; i < most; i++) {
                Item item = items.get(i % items.size());
                list.add(new LoadDriver.Request(item.id(), task.request(item)));
            }
            requests.put(t, list);
            widest = Math.max(widest, plans.get(t).concurrency().stream().mapToInt(Integer::intValue).max().orElse(1));
            total += (long) plans.get(t).concurrency().stream().mapToInt(plans.get(t)::requestsAt).sum()
                    * engines.all().size() * config.repetitions();
        }
        Map<LoadedEngines.Loaded, SharedGenerator> shared = new LinkedHashMap<>();
        for (LoadedEngines.Loaded m : engines.all()) {
            // Not closed here: the engine belongs to the run's LoadedEngines, which closes it.
            shared.put(m, SharedGenerator.of(m.backend(), widest));
        }
        warmUp(tasks, requests, shared);

        Map<String, ServingAggregator> levels = new LinkedHashMap<>();
        LoadDriver driver = new LoadDriver(clock, stallTimeout, control::shouldStop);
        progress.phase("serving", total);
        measuring:
        for (int rep = 1; rep <= config.repetitions(); rep++) {
            for (TaskSpec t : plans.keySet()) {
                ServingPlan plan = plans.get(t);
                GenerationTask task = tasks.get(t);
                for (LoadedEngines.Loaded m : engines.all()) {
                    for (int n : plan.concurrency()) {
                        if (control.shouldStop()) {
                            break measuring;
                        }
                        String label = t.id() + " · " + m.spec().entry().id() + " · " + m.spec().engine().id()
                                + " · concurrency " + n + " · repetition " + rep;
                        phases.begin(label);
                        List<LoadDriver.Request> list = requests.get(t).subList(0, plan.requestsAt(n));
                        long[] arrivals = plan.ratePerS() == null ? null : PoissonArrivals.schedule(list.size(),
                                plan.ratePerS(), config.seed() ^ (31L * n + rep));
                        LoadDriver.Outcome o = driver.run(label, shared.get(m), n, list, arrivals,
                                (i, g) -> task.score(itemOf(task, t, list.get(i).item()), g), meter);
                        levels.computeIfAbsent(key(t, m, n), k -> new ServingAggregator(n, plan, energy,
                                energy.headline(m.backend().device()))).add(rep, o);
                        progress.advance(o.responses().size());
                        control.countServed(o.responses().size());
                        if (o.failure() != null) {
                            control.fail("task " + t.id() + " on " + m.spec().entry().id() + " with engine "
                                    + m.spec().engine().id() + " at concurrency " + n + ": " + o.failure());
                            break measuring;
                        }
                    }
                }
            }
        }

        java.util.Set<String> shortMeters = new java.util.LinkedHashSet<>();
        for (TaskSpec t : plans.keySet()) {
            GenerationTask task = tasks.get(t);
            for (LoadedEngines.Loaded m : engines.all()) {
                for (int n : plans.get(t).concurrency()) {
                    ServingAggregator a = levels.get(key(t, m, n));
                    if (a == null) {
                        continue; // the run stopped before this level
                    }
                    var e = m.spec().entry();
                    Meter raw = energy.meter(energy.headline(m.backend().device()));
                    Double uncertainty = RunEnergy.relativeUncertainty(raw);
                    ServingAggregator.Row row = new ServingAggregator.Row(t.id(), e.id(), m.spec().engine().id(),
                            m.backend().device(), e.precision().label(), e.parameters(), task.metric(),
                            task.otherMetrics(), task.proportion(), task.higherIsBetter(), raw.id(),
                            raw.method().name(), raw.boundary(), uncertainty);
                    SharedGenerator g = shared.get(m);
                    var r = a.result(row, config.repetitions(), g.maxBatch() == Integer.MAX_VALUE ? null
                            : g.maxBatch(), g.whyNotBatched().orElse(null));
                    shortMeters.addAll(a.shortMeters());
                    if (r.isEmpty()) {
                        warnings.add("task " + t.id() + " on " + e.id() + " with engine " + m.spec().engine().id()
                                + " at concurrency " + n + " has no result: " + a.whyEmpty());
                        continue;
                    }
                    TaskModelResult result = LocalModels.synthetic(e) ? r.get().withoutAccuracy() : r.get();
                    results.add(result);
                    records.addAll(a.records(row, result));
                }
            }
        }
        for (String id : shortMeters) {
            warnings.add("serving: some steady-state windows were shorter than meter " + id + "'s update period ("
                    + energy.meterById(id).updatePeriod().toMillis() + " ms), so its figures for them are coarse;"
                    + " more --requests per stream make the windows longer");
        }
        shared.values().stream().map(SharedGenerator::whyNotBatched).flatMap(java.util.Optional::stream).distinct()
                .forEach(why -> warnings.add("serving: requests were not decoded together: " + why
                        + "; concurrent streams queue for one engine, so J/token cannot fall with concurrency"));
    }

    /** A few requests per task and engine, one at a time, not recorded. */
    private void warmUp(Map<TaskSpec, GenerationTask> tasks, Map<TaskSpec, List<LoadDriver.Request>> requests,
                        Map<LoadedEngines.Loaded, SharedGenerator> shared) throws RunFailedException {
        int count = MeasuredPasses.warmups(config, GenerationPasses.WARMUP_CAP, Integer.MAX_VALUE);
        progress.phase("serving warm-up", (long) count * tasks.size() * shared.size());
        phases.begin("serving warm-up");
        for (TaskSpec t : tasks.keySet()) {
            List<LoadDriver.Request> list = requests.get(t);
            for (var e : shared.entrySet()) {
                for (int i = 0; i < Math.min(count, list.size()) && !control.shouldStop(); i++) {
                    try {
                        e.getValue().generate(list.get(i).request(), org.joulebench.runners.GenerationListener.NONE);
                    } catch (BackendException ex) {
                        throw new RunFailedException("model " + e.getKey().spec().entry().id() + " on "
                                + e.getKey().spec().engine().id() + " failed in the warm-up: " + ex.getMessage(), ex);
                    }
                    progress.advance(1);
                }
            }
        }
    }

    private final Map<String, Item> itemsById = new java.util.concurrent.ConcurrentHashMap<>();

    private Item itemOf(GenerationTask task, TaskSpec t, String id) {
        return itemsById.computeIfAbsent(t.id() + "\u0000" + id,
                k -> task.queries().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow());
    }

    private static String key(TaskSpec t, LoadedEngines.Loaded m, int n) {
        return t.id() + "\u0000" + m.spec().entry().id() + "\u0000" + m.spec().engine().id() + "\u0000" + n;
    }
}
