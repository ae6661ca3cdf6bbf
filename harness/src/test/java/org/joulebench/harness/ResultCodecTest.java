package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The results.json schema: field names and shapes that readers rely on. */
class ResultCodecTest {

    /** A result built by hand to test the codec's shape; its numbers are test inputs, not measurements. */
    static RunResult fixture() {
        TaskModelAggregator a = new TaskModelAggregator();
        a.add(new TaskModelAggregator.Sample(1, "i1", 12, 0.5, 0.25, 0.01, 10, new Score(1, Map.of())));
        a.add(new TaskModelAggregator.Sample(2, "i1", 12, 0.6, 0.35, 0.01, 10, new Score(1, Map.of())));
        TaskModelResult r = a.result("fixture-task", "fixture-model", "fixture-backend", "cpu", "fp32", 1000, 2,
                "accuracy", List.of(), "estimate", "ESTIMATE", "fixture boundary", 1.5, 0.5);
        RunInfo info = new RunInfo("fixture-run", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:01:00Z"), "test", 42, "joulebench run", new RunInfo.SuiteInfo("s", "1",
                "0".repeat(64)), Map.of("limit", 0));
        HostInfo host = new HostInfo("fixture-host", "v", "cpu", "arch", 1, 2, 1024, "os", "k", "jvm", List.of(), "none detected");
        MeterInfo used = new MeterInfo("estimate", "ESTIMATE", List.of("CPU_PACKAGE"), "used", "found", null, "b",
                Map.of("relative_uncertainty", 0.5));
        MeterInfo missing = new MeterInfo("rapl", "COUNTER", List.of(), "unavailable", "no powercap", "modprobe", null, null);
        return new RunResult(RunResult.SCHEMA, info, host, List.of(used, missing),
                new IdleBaseline(25.0, "ESTIMATE", 10, 250, "b", 0.5), List.of(r), a.records("fixture-task", "fixture-model", "fixture-backend", "ESTIMATE"));
    }

    @Test
    void writesTheDocumentedFields() throws IOException {
        JsonNode root = ResultCodec.mapper().readTree(ResultCodec.toJson(fixture()));
        assertEquals("joulebench/result@2", root.get("schema").asText());
        assertEquals(List.of("schema", "status"), iterable(root).subList(0, 2), "the status comes right after the schema");
        assertEquals("complete", root.get("status").asText());
        for (String f : List.of("id", "start", "end", "version", "seed")) {
            assertTrue(root.get("run").has(f), "run." + f);
        }
        assertEquals("2026-01-01T00:00:00Z", root.get("run").get("start").asText());
        for (String f : List.of("cpu_model", "logical_cpus", "memory_bytes", "os", "kernel", "jvm", "gpus", "virtualisation")) {
            assertTrue(root.get("host").has(f), "host." + f);
        }
        JsonNode meter = root.get("meters").get(1);
        assertEquals("unavailable", meter.get("status").asText());
        assertEquals("no powercap", meter.get("reason").asText());
        for (String f : List.of("watts", "method", "seconds")) {
            assertTrue(root.get("idle").has(f), "idle." + f);
        }
        JsonNode r = root.get("results").get(0);
        for (String f : List.of("task", "model", "backend", "device", "precision", "params", "queries", "tokens")) {
            assertTrue(r.has(f), f);
        }
        assertEquals("accuracy", r.get("accuracy").get("metric").asText());
        assertEquals(2, r.get("accuracy").get("ci95").size());
        JsonNode e = r.get("energy");
        assertEquals("ESTIMATE", e.get("method").asText());
        assertTrue(e.has("joules_gross") && e.has("joules_net"));
        assertEquals(2, e.get("j_per_query").get("ci95").size());
        assertEquals(0.3, e.get("j_per_query").get("mean").asDouble(), 1e-12);
        assertTrue(e.get("j_per_token").has("mean"));
        assertTrue(r.get("throughput").has("tokens_per_s"));
        assertTrue(r.get("latency").has("p50_ms") && r.get("latency").has("p95_ms"));
        assertFalse(root.has("queries"), "per-query records belong in queries.csv");
    }

    @Test
    void roundTrips() throws IOException {
        RunResult original = fixture();
        RunResult back = ResultCodec.read(new ByteArrayInputStream(ResultCodec.toJson(original)
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals(original.results(), back.results());
        assertEquals(original.run().start(), back.run().start());
        assertEquals(original.idle(), back.idle());
    }

    @Test
    void rejectsOtherSchemas() {
        IOException e = assertThrows(IOException.class, () -> ResultCodec.read(
                new ByteArrayInputStream("{\"schema\":\"other@9\"}".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("other@9"), e.getMessage());
    }

    @Test
    void modelsRoundTripAndOldDocumentsReadAsNone() throws IOException {
        RunResult f = fixture();
        ModelInfo m = new ModelInfo("fixture-model", "ab".repeat(32), "onnx", "fp32", 1000, "maven g:a:1 m.onnx");
        RunResult with = new RunResult(f.schema(), f.run(), f.host(), f.meters(), f.idle(), null, f.results(),
                List.of(), null, List.of(m), f.queries());
        String json = ResultCodec.toJson(with);
        assertEquals(List.of(m), ResultCodec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
                .models());
        JsonNode root = ResultCodec.mapper().readTree(json);
        assertEquals("ab".repeat(32), root.get("models").get(0).get("sha256").asText());
        ((com.fasterxml.jackson.databind.node.ObjectNode) root).remove("models");
        assertEquals(List.of(), ResultCodec.read(new ByteArrayInputStream(root.toString()
                .getBytes(StandardCharsets.UTF_8))).models());
    }

    @Test
    void aServingEntryRoundTripsWithItsConcurrencyAndOldEntriesReadWithout() throws IOException {
        RunResult f = fixture();
        TaskModelResult r = f.results().get(0);
        Stat j = Stat.of(0.002, 0.0018, 0.0022, 3, "windows");
        TaskModelResult.ServingStats s = new TaskModelResult.ServingStats("closed-loop", null, 16, 16, 3, 1.5, 700,
                3.0, 1.4, j, 0.064, 466.7, new TaskModelResult.Percentiles(40, 60, 80),
                new TaskModelResult.Percentiles(1.1, 1.5, 2.0), 2.1, 4.0, 1024, 50.0, true, 1,
                "the java engine decodes one sequence at a time", ServingAggregator.METHOD);
        TaskModelResult serving = new TaskModelResult(r.task(), r.model(), r.backend(), r.device(), r.precision(),
                r.params(), r.repetitions(), r.queries(), r.tokens(), r.accuracy(), r.energy(), r.throughput(),
                r.latency(), null, 4, s);
        RunResult with = new RunResult(f.schema(), f.run(), f.host(), f.meters(), f.idle(), null, List.of(r, serving),
                List.of(), null, List.of(), f.queries());
        String json = ResultCodec.toJson(with);
        JsonNode root = ResultCodec.mapper().readTree(json);
        assertEquals(4, root.get("results").get(1).get("concurrency").asInt());
        assertEquals(0.002, root.get("results").get(1).get("serving").get("j_per_output_token").get("mean")
                .asDouble(), 1e-15);
        assertEquals(with.results(), ResultCodec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
                .results());
        // A file written before the serving scenario has neither field: its entries read as the single scenario.
        com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode)
                root.get("results").get(0);
        old.remove("concurrency");
        old.remove("serving");
        TaskModelResult back = ResultCodec.read(new ByteArrayInputStream(root.toString()
                .getBytes(StandardCharsets.UTF_8))).results().get(0);
        assertEquals(null, back.concurrency());
        assertEquals(null, back.serving());
        assertEquals(r, back);
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aResultOfTheFirstSchemaReadsAsComplete() throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode doc =
                (com.fasterxml.jackson.databind.node.ObjectNode) ResultCodec.mapper().readTree(ResultCodec.toJson(fixture()));
        doc.put("schema", "joulebench/result@1");
        doc.remove("status");
        RunResult r = ResultCodec.read(new java.io.ByteArrayInputStream(doc.toString().getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(r.isComplete());
        assertEquals("complete", r.status());
    }

    @Test
    void aPartialResultSaysSoAndReadsBackPartial() throws IOException {
        RunResult partial = fixture().partial();
        JsonNode root = ResultCodec.mapper().readTree(ResultCodec.toJson(partial));
        assertEquals("partial", root.get("status").asText());
        RunResult back = ResultCodec.read(new java.io.ByteArrayInputStream(ResultCodec.toJson(partial).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(!back.isComplete());
    }
}
