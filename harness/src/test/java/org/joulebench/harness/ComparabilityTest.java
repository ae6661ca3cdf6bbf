package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Two runs are comparable only when measured the same way on the same suite, models and machine. */
class ComparabilityTest {

    private static RunResult run(String method, String boundary, String sha, String suiteVersion, String cpu,
                                 List<ModelInfo> models) {
        RunResult base = ResultCodecTest.fixture();
        RunInfo info = new RunInfo("fixture-run", Instant.EPOCH, Instant.EPOCH, "test", 1, "joulebench run",
                new RunInfo.SuiteInfo("fixture-suite", suiteVersion, sha), Map.of());
        HostInfo host = new HostInfo("fixture-host", "v", cpu, "arch", 1, 2, 1_000_000_000L, "os", "k", "jvm",
                List.of(), "none");
        MeterInfo meter = new MeterInfo("fixture-meter", method, List.of("CPU_PACKAGE"), "used", "found", null,
                boundary, null);
        List<TaskModelResult> rows = base.results().stream().map(t -> new TaskModelResult(t.task(), t.model(),
                t.backend(), t.device(), t.precision(), t.params(), t.repetitions(), t.queries(), t.tokens(),
                t.accuracy(), new TaskModelResult.EnergyResult("fixture-meter", method, boundary, "query",
                        1, 1, t.energy().jPerQuery(), t.energy().jPerToken(), 0, null), t.throughput(),
                t.latency())).toList();
        return new RunResult(RunResult.SCHEMA, info, host, List.of(meter), base.idle(), null, rows, List.of(), null,
                models, List.of());
    }

    private static List<ModelInfo> model(String sha) {
        return List.of(new ModelInfo("fixture-model", sha, "onnx", "fp32", 1000, "fixture"));
    }

    private static RunResult plain() {
        return run("COUNTER", "packages", "a".repeat(64), "1", "fixture-cpu", model("1".repeat(64)));
    }

    @Test
    void theSameRunIsComparable() {
        assertEquals(List.of(), Comparability.check(plain(), plain()));
    }

    @Test
    void everyKindOfDifferenceIsNamed() {
        assertKinds(run("ESTIMATE", "packages", "a".repeat(64), "1", "fixture-cpu", model("1".repeat(64))),
                Comparability.Kind.METHOD);
        assertKinds(run("COUNTER", "packages + DRAM", "a".repeat(64), "1", "fixture-cpu", model("1".repeat(64))),
                Comparability.Kind.BOUNDARY);
        assertKinds(run("COUNTER", "packages", "b".repeat(64), "1", "fixture-cpu", model("1".repeat(64))),
                Comparability.Kind.SUITE);
        assertKinds(run("COUNTER", "packages", "a".repeat(64), "2", "fixture-cpu", model("1".repeat(64))),
                Comparability.Kind.SUITE);
        assertKinds(run("COUNTER", "packages", "a".repeat(64), "1", "other-cpu", model("1".repeat(64))),
                Comparability.Kind.HOST);
        assertKinds(run("COUNTER", "packages", "a".repeat(64), "1", "fixture-cpu", model("2".repeat(64))),
                Comparability.Kind.MODELS);
        assertKinds(run("COUNTER", "packages", "a".repeat(64), "1", "fixture-cpu", List.of()),
                Comparability.Kind.MODELS);
    }

    @Test
    void theReasonNamesBothSides() {
        var m = Comparability.check(plain(),
                run("ESTIMATE", "packages", "a".repeat(64), "1", "fixture-cpu", model("1".repeat(64))));
        assertEquals("meter method differs: baseline [COUNTER], current [ESTIMATE]", m.get(0).reason());
        var sha = Comparability.check(plain(),
                run("COUNTER", "packages", "a".repeat(64), "1", "fixture-cpu", model("2".repeat(64))));
        assertTrue(sha.get(0).reason().startsWith("model fixture-model sha256 differs: baseline 111111111111…"),
                sha.get(0).reason());
    }

    private static void assertKinds(RunResult current, Comparability.Kind kind) {
        List<Comparability.Mismatch> m = Comparability.check(plain(), current);
        assertEquals(1, m.size(), m.toString());
        assertEquals(kind, m.get(0).kind(), m.toString());
    }
}
