package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.scorers.BitsPerCharScorer;
import org.joulebench.harness.scorers.VerseCompletionScorer;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.Method;
import org.joulebench.meters.Window;
import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationProvider;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.junit.jupiter.api.Test;

/** Generation passes on a hand-written engine and a meter whose counter rises by 1 J at every read. */
class GenerationPassesTest {

    /** Each read of the counter adds one joule, so every window's energy counts the reads inside it. */
    static final class CountingMeter implements Meter {
        private long reads;

        private synchronized long read() {
            return ++reads;
        }

        @Override public String id() { return "counting"; }
        @Override public Method method() { return Method.COUNTER; }
        @Override public List<Domain> domains() { return List.of(Domain.CPU_PACKAGE); }
        @Override public String boundary() { return "test"; }
        @Override public Map<String, Object> details() { return Map.of(); }
        @Override public void close() { }

        @Override
        public Window begin(String label) {
            long start = read();
            long t0 = System.nanoTime();
            return new Window() {
                @Override public String label() { return label; }

                @Override
                public Measurement end() {
                    Energy e = Energy.ofJoules(read() - start);
                    return new Measurement(label, Method.COUNTER, Duration.ofNanos(Math.max(1, System.nanoTime() - t0)),
                            Map.of(Domain.CPU_PACKAGE, e), e);
                }
            };
        }
    }

    /** Answers every prompt with " begat Jacob" in 4 tokens after a prompt of 10; scores 3 bits. */
    static final class ScriptedEngine implements GenerationBackend {
        int prefills;

        @Override public String backend() { return "scripted"; }
        @Override public String device() { return "cpu"; }
        @Override public List<Integer> tokenize(String text) { return List.of(1, 2, 3, 4, 5); }
        @Override public double log2Likelihood(String context, String continuation) { return -3.0; }
        @Override public void close() { }

        @Override
        public Generation generate(GenerationRequest request, GenerationListener listener) {
            listener.prefillDone(10);
            prefills++;
            for (int i = 0; i < 4; i++) {
                listener.token(i, "x");
            }
            return new Generation(" begat Jacob", List.of(1, 2, 3, 4), 10, 4, false, 1, 1);
        }
    }

    private static final ModelEntry MODEL = new ModelEntry("fixture-lm", "Llama", "generation", 1000, 1, 8,
            Precision.FP32, "gguf", new ModelSource("file", "/nowhere", "m.gguf", ""), "0".repeat(64), 1, "CC0-1.0",
            Pooling.MEAN, false, 64, "test", "");

    private static final GenerationProvider PROVIDER = new GenerationProvider() {
        @Override public String id() { return "scripted"; }
        @Override public String description() { return "test"; }
        @Override public boolean supports(ModelEntry model) { return true; }
        @Override public GenerationBackend open(ModelEntry model, Path file, BackendConfig config) {
            return new ScriptedEngine();
        }
    };

    private static RunConfig config(int repetitions) {
        return new RunConfig("default", List.of(), null, 0, repetitions, 1, 1, "auto",
                MeterConfig.system(), 1, 5, "fixture-run", "test");
    }

    private static CpuTimes fixedCpu() {
        return new CpuTimes() {
            long p;
            long m;
            @Override public long processNanos() { return p += 1_000_000; }
            @Override public long machineBusyNanos() { return m += 4_000_000; }
        };
    }

    private static TaskSpec twoVerses() {
        return new TaskSpec("verses", "", "verse-completion", "d.jsonl", List.of(
                new Item("v1", "And Isaac", "begat Jacob; and Jacob", null),
                new Item("v2", "And Jacob", "begat Judas and his", null)));
    }

    private static LoadedEngines one(ScriptedEngine engine) {
        return LoadedEngines.of(List.of(new LoadedEngines.Loaded(new LoadedEngines.Spec(MODEL, PROVIDER), engine)));
    }

    @Test
    void prefillAndDecodeAreMeasuredApart() throws Exception {
        TaskSpec spec = twoVerses();
        ScriptedEngine engine = new ScriptedEngine();
        LoadedEngines engines = one(engine);
        List<TaskModelResult> results = new ArrayList<>();
        List<QueryRecord> records = new ArrayList<>();
        new GenerationPasses(config(2), ProgressListener.silent(), new Phases(System.nanoTime()), fixedCpu(),
                new CountingMeter(), new IdleBaseline(0, "COUNTER", 1, 0, "test", null))
                .run(engines, Map.of(spec, new VerseCompletionScorer()), results, records);

        assertEquals(1 + 2 * 2, engine.prefills, "one warm-up query (--warmup 1), then 2 items × 2 repetitions");
        TaskModelResult r = results.get(0);
        assertEquals("scripted", r.backend());
        assertEquals(4, r.queries());
        assertEquals(1.0, r.accuracy().value(), 1e-12, "both first words match");
        // Reads: total begin 1, prefill begin 2, prefill end 3, decode begin 4, decode end 5, total end 6 (per query,
        // offset by the pass window's reads): prefill 1 J, decode 1 J, total 5 J.
        TaskModelResult.GenerationStats g = r.generation();
        assertEquals(40, g.promptTokens());
        assertEquals(16, g.newTokens());
        assertEquals(0.1, g.jPerPromptToken().mean(), 1e-12);
        assertEquals(0.25, g.jPerGeneratedToken().mean(), 1e-12);
        assertEquals(5.0, r.energy().jPerQuery().mean(), 1e-12);
        assertEquals(5.0, g.jPerResponse().mean(), 1e-12, "the response window also spans the switch between phases");
        assertEquals(List.of(4.0, 4.0, 4.0), g.outputTokens());
        assertEquals(0.25, r.energy().attribution().share(), 1e-12);
        assertEquals(4, records.size());
        assertTrue(records.stream().allMatch(q -> q.tokens() == 14));
    }

    @Test
    void logLikelihoodTasksScoreBitsPerCharacter() throws Exception {
        TaskSpec spec = new TaskSpec("bpc", "", "bits-per-char", "d.jsonl", List.of(
                new Item("v1", "In the beginning", "God created", null)));
        LoadedEngines engines = LoadedEngines.of(List.of(new LoadedEngines.Loaded(
                new LoadedEngines.Spec(MODEL, PROVIDER), new ScriptedEngine())));
        List<TaskModelResult> results = new ArrayList<>();
        new GenerationPasses(config(1), ProgressListener.silent(), new Phases(System.nanoTime()), fixedCpu(),
                new CountingMeter(), new IdleBaseline(0, "COUNTER", 1, 0, "test", null))
                .run(engines, Map.of(spec, new BitsPerCharScorer()), results, new ArrayList<>());
        TaskModelResult r = results.get(0);
        assertEquals("bits/char", r.accuracy().metric());
        assertEquals(3.0 / "God created".length(), r.accuracy().value(), 1e-12);
        assertFalse(r.accuracy().higherIsBetter());
        assertEquals(null, r.generation(), "no prefill/decode split for scoring");
        assertEquals(5, r.tokens());
    }

    @Test
    void aCounterResetCostsOnlyTheQueryItSpoiledWhichIsMeasuredAgain() throws Exception {
        TaskSpec spec = twoVerses();
        ScriptedEngine engine = new ScriptedEngine();
        LoadedEngines engines = one(engine);
        CountingMeter counting = new CountingMeter();
        int[] resets = {1};
        Meter resetting = new Meter() {
            @Override public String id() { return "resetting"; }
            @Override public Method method() { return Method.COUNTER; }
            @Override public List<Domain> domains() { return counting.domains(); }
            @Override public String boundary() { return "test"; }
            @Override public Map<String, Object> details() { return Map.of(); }
            @Override public void close() { }

            @Override
            public Window begin(String label) {
                Window w = counting.begin(label);
                return new Window() {
                    @Override public String label() { return label; }

                    @Override
                    public Measurement end() {
                        Measurement m = w.end();
                        if (label.equals("v2") && resets[0]-- > 0) {
                            throw new org.joulebench.meters.CounterResetException("package-0",
                                    Energy.ofJoules(68.66), Energy.ofJoules(71.60), Duration.ofNanos(529_000),
                                    org.joulebench.meters.Power.ofWatts(5.5e3), org.joulebench.meters.Power.ofWatts(500));
                        }
                        return m;
                    }
                };
            }
        };
        RunControl control = RunControl.none();
        MeterFaults faults = control.faults();
        List<TaskModelResult> results = new ArrayList<>();
        List<QueryRecord> records = new ArrayList<>();
        new GenerationPasses(config(1), ProgressListener.silent(), new Phases(System.nanoTime()), fixedCpu(),
                resetting, new IdleBaseline(0, "COUNTER", 1, 0, "test", null), rep -> { }, control)
                .run(engines, Map.of(spec, new VerseCompletionScorer()), results, records);

        assertEquals(1 + 2 + 1, engine.prefills, "warm-up, two items, and v2 once more");
        assertEquals(2, results.get(0).queries(), "the run went on and kept both items once");
        assertEquals(List.of("v1", "v2"), records.stream().map(QueryRecord::item).toList());
        assertEquals(1, faults.count());
        assertTrue(faults.warning().contains("query v2 of fixture-lm: counter of package-0 was reset"),
                faults.warning());
    }

    @Test
    void aMeterThatSpoilsEveryAttemptFailsTheRunNamingTheQuery() {
        MeterFaults faults = new MeterFaults();
        int[] calls = {0};
        org.joulebench.meters.MeterReadException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.joulebench.meters.MeterReadException.class, () -> faults.measure("query q of m", () -> {
                    calls[0]++;
                    throw new org.joulebench.meters.MeterReadException("unreadable");
                }));
        assertEquals(MeterFaults.ATTEMPTS, calls[0]);
        assertTrue(e.getMessage().startsWith("query q of m: the meter spoiled 3 measurements in a row"), e.getMessage());
    }

    @Test
    void aStopRequestEndsTheRunAtTheNextQueryWithEveryMeasuredQueryInTheJournal() throws Exception {
        TaskSpec spec = new TaskSpec("verses", "", "verse-completion", "d.jsonl", List.of(
                new Item("v1", "And Isaac", "begat Jacob; and Jacob", null),
                new Item("v2", "And Jacob", "begat Judas and his", null),
                new Item("v3", "And Judas", "begat Phares and Zara", null)));
        ScriptedEngine engine = new ScriptedEngine();
        LoadedEngines engines = LoadedEngines.of(List.of(new LoadedEngines.Loaded(
                new LoadedEngines.Spec(MODEL, PROVIDER), engine)));
        List<String> journal = new ArrayList<>();
        RunControl control = RunControl.of(() -> journal.size() >= 4, journal::add);
        List<TaskModelResult> results = new ArrayList<>();
        List<QueryRecord> records = new ArrayList<>();
        new GenerationPasses(config(3), ProgressListener.silent(), new Phases(System.nanoTime()), fixedCpu(),
                new CountingMeter(), new IdleBaseline(0, "COUNTER", 1, 0, "test", null), rep -> { }, control)
                .run(engines, Map.of(spec, new VerseCompletionScorer()), results, records);

        assertTrue(control.stopped());
        assertEquals(4, control.measured());
        assertEquals(1 + 4, engine.prefills, "the warm-up, then 4 of the 9 measured queries");
        assertEquals(4, results.get(0).queries(), "the figures rest on what was measured");
        var read = JournalLines.read(journal, "journal");
        assertEquals(4, read.queries().size());
        assertEquals(records.stream().map(q -> q.repetition() + "/" + q.item()).sorted().toList(),
                read.queries().keySet().stream().map(k -> k.repetition() + "/" + k.item()).sorted().toList(),
                "the journal holds every query queries.csv will");
        assertTrue(read.queries().values().stream().allMatch(q -> q.gen() != null && q.gen().newTokens() == 4),
                "with the generation's prefill and decode parts");

        // Finishing it from the journal: the 4 queries are taken from there, the other 5 measured, 9 in all.
        ScriptedEngine again = new ScriptedEngine();
        RunControl resume = RunControl.resuming(() -> false, line -> { }, journal, "journal");
        List<TaskModelResult> finished = new ArrayList<>();
        new GenerationPasses(config(3), ProgressListener.silent(), new Phases(System.nanoTime()), fixedCpu(),
                new CountingMeter(), new IdleBaseline(0, "COUNTER", 1, 0, "test", null), rep -> { }, resume)
                .run(one(again), Map.of(spec, new VerseCompletionScorer()), finished, new ArrayList<>());
        assertEquals(4, resume.reused());
        assertEquals(5, resume.measured());
        assertEquals(1 + 5, again.prefills, "the warm-up and the 5 queries the interrupted run had not measured");
        assertEquals(9, finished.get(0).queries());
    }
}
