package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterSet;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelFiles;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.ModelZoo;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run on fakes: a two-model zoo on a backend that spends 10 ms of a fake clock at 5 W per text, a meter on
 * that clock's counter, an idle baseline that waits on the same clock at 2 W. Every figure is therefore known.
 */
class BenchmarkRunTest {

    private static final double IDLE_WATTS = 2.0;
    private static final double QUERY_SECONDS = FakeEmbeddingProvider.NANOS_PER_TEXT / 1e9;
    private static final double QUERY_GROSS = FakeEmbeddingProvider.BUSY_WATTS * QUERY_SECONDS;
    private static final long SEED = 11;

    @TempDir
    Path dir;
    private FakeEnergyClock clock;
    private final List<String> journal = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        clock = new FakeEnergyClock();
        FakeEmbeddingProvider.clock = clock;
        FakeEmbeddingProvider.EMBEDDED.clear();
        Files.writeString(dir.resolve("d.jsonl"), """
                {"id":"q1","text":"a domestic cat","label":"cat"}
                {"id":"q2","text":"a motor car","label":"car"}
                {"id":"q3","text":"a tabby cat","label":"cat"}
                {"id":"q4","text":"a racing car","label":"car"}
                """);
        Files.writeString(dir.resolve("suite.yaml"), """
                schema: joulebench/suite@1
                name: tiny
                version: "1"
                tasks:
                  - id: t1
                    dataset: d.jsonl
                    scorer: retrieval
                """);
    }

    private static ModelEntry model(String id) {
        return new ModelEntry(id, "Fake", "embedding", 1000, 1, 2, Precision.FP32, FakeEmbeddingProvider.FORMAT,
                new ModelSource("file", "nowhere", "m", ""), "0".repeat(64), 1, "CC0-1.0", Pooling.MEAN, false, 64,
                "test", "");
    }

    private static final ModelZoo ZOO = new ModelZoo() {
        @Override public List<ModelEntry> models() { return List.of(model("fake-a"), model("fake-b")); }
        @Override public ModelFiles load(ModelEntry entry) { return new ModelFiles(entry, new byte[0], new byte[0]); }
    };

    private static final HostInfo HOST = new HostInfo("test-host", "FakeVendor", "Fake CPU", "fake", 1, 2, 1L << 30,
            "test os", "0", "test jvm", List.of(), "none detected");

    private final MeterOpener meters = new MeterOpener() {
        @Override
        public MeterSet open(String meter, MeterConfig config, List<String> warnings) {
            return MeterSet.of(List.of(clock.meter()));
        }

        @Override
        public List<MeterInfo> describe(MeterSet used, MeterConfig config) {
            return List.of(new MeterInfo("fake-counter", "COUNTER", List.of("CPU_PACKAGE"), "used", "fake", null,
                    "the fake clock's counter", Map.of()));
        }
    };

    /** A canary whose unit of work is 1 µs of the fake clock at 3 W. */
    private BenchmarkRun.CanaryFactory canary() {
        return (meter, threads, ticker) -> new CanaryRun(List.of(new CanaryKernel() {
            @Override public String id() { return "fake@1"; }
            @Override public String unit() { return "1 µs of the fake clock"; }
            @Override public int threads() { return 1; }

            @Override
            public long run(long units) {
                clock.advance(units * 1000, 3.0);
                return units;
            }
        }), meter, ticker, Duration.ofMillis(1), () -> { });
    }

    private RunResult run(double idleSeconds, int warmup) throws Exception {
        RunConfig config = new RunConfig(dir.resolve("suite.yaml").toString(), List.of("fake-a", "fake-b"), null, 0,
                2, warmup, idleSeconds, "auto", MeterConfig.system(), 1, SEED, "fake-run", "test");
        return BenchmarkRun.builder(config)
                .clock(clock)
                .zoo(ZOO)
                .hostProbe(() -> HOST)
                .meters(meters)
                .control(RunControl.of(() -> false, journal::add))
                .cpuTimes(new CpuTimes() {
                    @Override public long processNanos() { return clock.nanoTime(); }
                    @Override public long machineBusyNanos() { return clock.nanoTime(); }
                })
                .canary(canary())
                .pause(millis -> clock.advance(millis * 1_000_000, IDLE_WATTS))
                .execute();
    }

    @Test
    void everyQueryHasExactlyItsJoulesNetOfIdleAndItsLatencyOnTheSameClock() throws Exception {
        RunResult r = run(0.5, 1);

        assertEquals(IDLE_WATTS, r.idle().watts(), 1e-12);
        assertEquals(0.5, r.idle().seconds(), 1e-12);
        assertTrue(r.idle().measured());
        assertEquals(IDLE_WATTS, r.idleAfter().watts(), 1e-12, "measured again after the suite");
        assertEquals(4 * 2 * 2, r.queries().size(), "4 items × 2 models × 2 repetitions");
        for (QueryRecord q : r.queries()) {
            assertEquals(QUERY_GROSS, q.joulesGross(), 1e-12, q.toString());
            assertEquals(QUERY_GROSS - IDLE_WATTS * QUERY_SECONDS, q.joulesNet(), 1e-12, q.toString());
            assertEquals(QUERY_SECONDS * 1e3, q.latencyMs(), 1e-9, "latency on the meters' clock");
            assertEquals("measured", q.energy());
        }
        assertEquals(2, r.results().size());
        assertEquals(List.of("fake-a", "fake-b"), r.results().stream().map(TaskModelResult::model).toList());
        assertEquals("test-host", r.host().hostname(), "the injected host probe describes the run");
        assertFalse(r.warnings().contains(BenchmarkRun.NO_IDLE_BASELINE), r.warnings().toString());
    }

    @Test
    void warmUpIsNotMeasuredAndTheModelsTakeTurnsInTheSeededOrder() throws Exception {
        RunResult r = run(0.5, 1);

        // Each model embedded its first item once to warm up, then every item once per repetition.
        for (String m : List.of("fake-a", "fake-b")) {
            long embedded = FakeEmbeddingProvider.EMBEDDED.stream().filter(e -> e.startsWith(m + " ")).count();
            assertEquals(1 + 4 * 2, embedded, m);
            assertEquals(4 * 2, r.queries().stream().filter(q -> q.model().equals(m)).count(), m);
        }
        assertTrue(r.queries().stream().allMatch(q -> q.repetition() >= 1), "no warm-up query is recorded");

        // The journal holds the measured queries in the order they ran: turns as PassSchedule deals them.
        ObjectMapper json = new ObjectMapper();
        List<String> ran = new ArrayList<>();
        for (String line : journal) {
            JsonNode n = json.readTree(line);
            if ("query".equals(n.path("type").asText())) {
                ran.add(n.get("model").asText() + " " + n.get("item").asText());
            }
        }
        List<Item> items = Suites.load(dir.resolve("suite.yaml").toString()).tasks().get(0).items();
        Random random = new Random(SEED);
        List<String> expected = new ArrayList<>();
        for (int rep = 1; rep <= 2; rep++) {
            for (var turn : PassSchedule.repetition(List.of("fake-a", "fake-b"), items,
                    EmbeddingPasses.EMBEDDING_BLOCK, random)) {
                turn.items().forEach(i -> expected.add(turn.model() + " " + i.id()));
            }
        }
        assertEquals(expected, ran);

        journal.clear();
        FakeEmbeddingProvider.EMBEDDED.clear();
        run(0.5, 1);
        List<String> again = new ArrayList<>();
        for (String line : journal) {
            JsonNode n = json.readTree(line);
            if ("query".equals(n.path("type").asText())) {
                again.add(n.get("model").asText() + " " + n.get("item").asText());
            }
        }
        assertEquals(ran, again, "the same seed, the same order");
    }

    @Test
    void noIdleBaselineSubtractsNothingAndSaysSo() throws Exception {
        RunResult r = run(0, 0);

        assertFalse(r.idle().measured(), "no baseline, not a baseline of 0 W");
        assertEquals(null, r.idleAfter());
        assertTrue(r.warnings().contains(BenchmarkRun.NO_IDLE_BASELINE), r.warnings().toString());
        for (QueryRecord q : r.queries()) {
            assertEquals(QUERY_GROSS, q.joulesGross(), 1e-12);
            assertEquals(q.joulesGross(), q.joulesNet(), 0.0, "net = gross");
        }
        assertEquals(4 * 2, FakeEmbeddingProvider.EMBEDDED.stream().filter(e -> e.startsWith("fake-a ")).count(),
                "--warmup 0: nothing embedded before the measured passes");
    }
}
