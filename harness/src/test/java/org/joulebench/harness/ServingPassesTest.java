package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.scorers.BitsPerCharScorer;
import org.joulebench.harness.scorers.VerseCompletionScorer;
import org.joulebench.meters.Domain;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterSet;
import org.joulebench.meters.Method;
import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationProvider;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The serving scenario's passes on a hand-written engine and a meter on its clock. */
class ServingPassesTest {

    private static final ModelEntry MODEL = new ModelEntry("fixture-lm", "Llama", "generation", 1000, 1, 8,
            Precision.FP32, "gguf", new ModelSource("file", "/nowhere", "m.gguf", ""), "0".repeat(64), 1, "CC0-1.0",
            Pooling.MEAN, false, 64, "test", "");

    private static final TaskSpec VERSES = new TaskSpec("verses", "", "verse-completion", "d.jsonl", List.of(
            new Item("v1", "And Isaac", "begat Jacob; and Jacob", null),
            new Item("v2", "And Jacob", "begat Judas and his", null)));

    private static RunConfig config(ServingPlan plan) {
        return new RunConfig("default", List.of(), null, 0, 1, 0, 0, "auto", MeterConfig.system(), 1, 5,
                "fixture-run", "test", List.of(), plan);
    }

    private static LoadedEngines one(GenerationBackend engine) {
        GenerationProvider provider = new GenerationProvider() {
            @Override public String id() { return "fake"; }
            @Override public String description() { return "test"; }
            @Override public boolean supports(ModelEntry model) { return true; }
            @Override public GenerationBackend open(ModelEntry model, Path file, BackendConfig config) {
                return engine;
            }
        };
        return LoadedEngines.of(List.of(new LoadedEngines.Loaded(new LoadedEngines.Spec(MODEL, provider), engine)));
    }

    private static ServingPasses passes(RunConfig config, FakeStreamingBackend engine, RunControl control) {
        return new ServingPasses(config, ProgressListener.silent(), new Phases(0),
                LoadDriverTest.energyOf(new LoadDriverTest.ClockMeter(engine)), control, engine, Duration.ofSeconds(30));
    }

    @Test
    void oneEntryPerLevelWhoseJoulesPerTokenTimesTokensIsTheWindowsEnergy() throws Exception {
        ServingPlan plan = new ServingPlan(List.of(1, 2), 8, null, 40.0);
        RunConfig config = config(plan);
        FakeStreamingBackend engine = new FakeStreamingBackend(3_000_000, 1_000_000);
        List<String> warnings = new ArrayList<>();
        Map<TaskSpec, ServingPlan> plans = ServingPasses.plans(config, Map.of(VERSES, new VerseCompletionScorer()),
                warnings);
        List<TaskModelResult> results = new ArrayList<>();
        List<QueryRecord> records = new ArrayList<>();
        RunControl control = RunControl.none();
        ServingPasses passes = passes(config, engine, control);
        passes.run(one(engine), Map.of(VERSES, new VerseCompletionScorer()), plans, results, records);
        // The fake engine answers at once, so how two streams' threads take turns is the scheduler's choice: one
        // stream may empty the queue before the other's first token, and then the level has no steady state and
        // says so instead of a figure.
        assertEquals(1, results.get(0).concurrency());
        if (results.size() == 1) {
            assertTrue(passes.warnings().stream().anyMatch(w -> w.contains("at concurrency 2 has no result: no steady"
                    + " state")), passes.warnings().toString());
        } else {
            assertEquals(2, results.get(1).concurrency());
        }
        for (TaskModelResult r : results) {
            TaskModelResult.ServingStats s = r.serving();
            assertEquals(8, s.responses());
            assertEquals(s.steadyJoulesNet(), s.jPerOutputToken().mean() * s.steadyTokens(), 1e-12);
            assertEquals(s.steadyJoulesNet(), s.steadyWindows().stream()
                    .mapToDouble(TaskModelResult.SteadyWindow::joulesNet).sum(), 1e-12, "the windows make the level");
            assertEquals(s.steadyTokens(), s.steadyWindows().stream()
                    .mapToLong(TaskModelResult.SteadyWindow::outputTokens).sum());
            assertEquals(LoadDriverTest.WATTS * s.steadySeconds(), s.steadyJoulesGross(), 1e-9);
            assertEquals("the fake engine decodes one sequence at a time", s.whyNotBatched());
            assertEquals(1, s.maxBatch());
        }
        // One stream: its window runs from its first token (3 ms + 1 ms) to the end of its 8th response.
        TaskModelResult.ServingStats one = results.get(0).serving();
        assertEquals(one.levelOutputTokens(), one.steadyTokens(), "a single stream's every token lies in its window");
        assertEquals((8 * (3 + 32) - 4) / 1000.0, one.steadySeconds(), 1e-9, "first token at 4 ms, 8 × 35 ms in all");
        assertEquals(8 * results.size(), records.size());
        assertTrue(records.stream().allMatch(q -> "shared".equals(q.energy()) && q.concurrency() != null));
        assertNull(control.failure());
    }

    /**
     * Two meters on the engine's clock: a CPU counter at 20 W (idle 5 W) and a GPU meter at 150 W (idle 50 W). Each
     * domain comes from its own meter, net of its own idle; the headline is the CPU meter's for a model on the CPU
     * and the GPU meter's for one on a GPU; nothing is added across them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "cuda:0"})
    void everyMeterReadsTheSteadyStateAndTheHeadlineFollowsTheDevice(String device) throws Exception {
        ServingPlan plan = new ServingPlan(List.of(1), 6, null, null);
        RunConfig config = config(plan);
        FakeStreamingBackend engine = new FakeStreamingBackend(3_000_000, 1_000_000);
        engine.device = device;
        LoadDriverTest.ClockMeter cpu = new LoadDriverTest.ClockMeter(engine);
        LoadDriverTest.ClockMeter gpu = new LoadDriverTest.ClockMeter(engine, "gpu", Domain.GPU,
                Method.POWER_INTEGRATION, 150);
        MeterSet set = MeterSet.of(List.of(cpu, gpu));
        IdleBaseline idle = new IdleBaseline(5, "COUNTER", 1, 5, "fake-clock boundary", null, List.of(
                new IdleBaseline.MeterIdle("fake-clock", "COUNTER", "fake-clock boundary", 5,
                        Map.of("cpu_package", 5.0)),
                new IdleBaseline.MeterIdle("gpu", "POWER_INTEGRATION", "gpu boundary", 50, Map.of("gpu", 50.0))));
        List<TaskModelResult> results = new ArrayList<>();
        List<QueryRecord> records = new ArrayList<>();
        ServingPasses passes = new ServingPasses(config, ProgressListener.silent(), new Phases(0),
                new RunEnergy(set, idle), RunControl.none(), engine, Duration.ofSeconds(30));
        passes.run(one(engine), Map.of(VERSES, new VerseCompletionScorer()),
                ServingPasses.plans(config, Map.of(VERSES, new VerseCompletionScorer()), new ArrayList<>()), results,
                records);

        TaskModelResult r = results.get(0);
        double s = r.serving().steadySeconds();
        boolean onGpu = device.startsWith("cuda");
        assertEquals(onGpu ? "gpu" : "fake-clock", r.energy().meter());
        assertEquals(onGpu ? "POWER_INTEGRATION" : "COUNTER", r.energy().method());
        assertEquals((onGpu ? 150 : 20) * s, r.energy().joulesGross(), 1e-9, "one meter's total, never a sum");
        assertEquals((onGpu ? 100 : 15) * s, r.energy().joulesNet(), 1e-9, "less that meter's own idle");
        Map<String, TaskModelResult.DomainResult> byDomain = new java.util.LinkedHashMap<>();
        r.energy().domains().forEach(d -> byDomain.put(d.domain(), d));
        assertEquals(List.of("cpu_package", "gpu"), List.copyOf(byDomain.keySet()));
        TaskModelResult.DomainResult g = byDomain.get("gpu");
        assertEquals("gpu", g.meter());
        assertEquals("POWER_INTEGRATION", g.method());
        assertEquals("steady-state", g.window());
        assertEquals("gpu boundary", g.boundary());
        assertEquals(150 * s, g.joulesGross(), 1e-9);
        assertEquals(100 * s, g.joulesNet(), 1e-9);
        assertEquals(100 * s / r.serving().steadyTokens(), g.jPerToken().mean(), 1e-12);
        assertEquals(20 * s, byDomain.get("cpu_package").joulesGross(), 1e-9);
        assertEquals(15 * s, byDomain.get("cpu_package").joulesNet(), 1e-9);

        // each response's share of each domain, by its output tokens; the shares of the level add up to its figure
        double gpuNet = 0;
        for (QueryRecord q : records) {
            DomainJoules d = q.domains().get("gpu");
            assertEquals("gpu", d.meter());
            assertTrue(d.apportioned());
            gpuNet += d.net();
        }
        long inWindow = r.serving().steadyTokens();
        long all = r.serving().levelOutputTokens();
        assertEquals(100 * s * all / inWindow, gpuNet, 1e-9, "J/output token × every response's output tokens");
    }

    @Test
    void aFailingRequestStopsTheRunWithThePartialLevelsAndSaysWhy() throws Exception {
        ServingPlan plan = new ServingPlan(List.of(1, 2), 8, null, null);
        RunConfig config = config(plan);
        FakeStreamingBackend engine = new FakeStreamingBackend(1_000_000, 1_000_000);
        engine.failOn = 10; // the second level's third request
        List<TaskModelResult> results = new ArrayList<>();
        RunControl control = RunControl.none();
        passes(config, engine, control).run(one(engine), Map.of(VERSES, new VerseCompletionScorer()),
                ServingPasses.plans(config, Map.of(VERSES, new VerseCompletionScorer()), new ArrayList<>()), results,
                new ArrayList<>());
        assertNotNull(control.failure());
        assertTrue(control.failure().contains("at concurrency 2") && control.failure().contains("fake engine error"),
                control.failure());
        assertTrue(control.stopped());
        assertEquals(8, results.get(0).serving().responses(), "the first level is kept whole");
    }

    @Test
    void tasksThatDoNotGenerateAreSkippedWithAWarningAndALevelWithoutSteadyStateIsRefused() throws Exception {
        TaskSpec bpc = new TaskSpec("bpc", "", "bits-per-char", "d.jsonl", List.of(
                new Item("v1", "In the beginning", "God created", null)));
        List<String> warnings = new ArrayList<>();
        Map<TaskSpec, ServingPlan> plans = ServingPasses.plans(config(new ServingPlan(List.of(2), null, null, null)),
                Map.of(bpc, new BitsPerCharScorer()), warnings);
        assertTrue(plans.isEmpty());
        assertEquals(List.of("task bpc was skipped: the server scenario serves generated text, and this task scores"
                + " given text"), warnings);
        assertThrows(InputException.class, () -> ServingPasses.plans(config(new ServingPlan(List.of(4), 5, null,
                null)), Map.of(VERSES, new VerseCompletionScorer()), new ArrayList<>()));
    }
}
