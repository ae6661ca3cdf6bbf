package org.joulebench.harness;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The lines a run writes to its journal (one JSON object each) and reads back to resume: {@code "type": "query"}
 * with everything a measured query's figures rest on (its own window's joules and time, its score with the
 * task's other metrics, a generation's prefill and decode parts), and {@code "type": "idle"} with the idle
 * baseline the run subtracts. Other lines (the run's own first line) are the caller's and are skipped here.
 */
final class JournalLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, DomainJoules>> DOMAINS =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };
    private static final com.fasterxml.jackson.core.type.TypeReference<List<IdleBaseline.MeterIdle>> METERS =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    /** Identifies a measured query within a run. */
    record Key(String task, String model, String backend, int repetition, String item) {
    }

    private JournalLines() {
    }

    static String query(TaskModelAggregator.Sample s, String task, String model, String backend, String method) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "query");
        m.put("task", task);
        m.put("model", model);
        m.put("backend", backend);
        m.put("repetition", s.repetition());
        m.put("block", s.block());
        m.put("item", s.item());
        m.put("tokens", s.tokens());
        m.put("joules_gross", s.joulesGross());
        m.put("joules_net", s.joulesNet());
        m.put("seconds", s.seconds());
        m.put("latency_ms", s.latencyMs());
        m.put("score", s.score().primary());
        m.put("score_other", s.score().other());
        m.put("method", method);
        if (!s.domains().isEmpty()) {
            m.put("domains", s.domains());
        }
        TaskModelAggregator.GenParts g = s.gen();
        if (g != null) {
            m.put("gen", List.of(g.promptTokens(), g.newTokens(), g.prefillGross(), g.prefillNet(), g.prefillSeconds(),
                    g.decodeGross(), g.decodeNet(), g.decodeSeconds()));
        }
        return write(m);
    }

    static String idle(IdleBaseline idle) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "idle");
        m.put("watts", idle.watts());
        m.put("method", idle.method());
        m.put("seconds", idle.seconds());
        m.put("joules", idle.joules());
        m.put("boundary", idle.boundary());
        m.put("relative_uncertainty", idle.relativeUncertainty());
        m.put("meters", idle.meters());
        return write(m);
    }

    private static String write(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a journal line of numbers and strings always serialises", e);
        }
    }

    /** The machine and the model files a run measured on, as one line: a resumed run must match it. */
    static String setup(HostInfo host, List<ModelInfo> models) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "setup");
        m.put("cpu_model", host.cpuModel());
        m.put("logical_cpus", host.logicalCpus());
        Map<String, String> sha = new LinkedHashMap<>();
        models.forEach(x -> sha.put(x.id(), x.sha256()));
        m.put("models", sha);
        return write(m);
    }

    /**
     * What a journal holds: the measured queries by key, the idle baseline and the setup line (each null where
     * none was written).
     */
    record Read(Map<Key, TaskModelAggregator.Sample> queries, IdleBaseline idle, JsonNode setup) {
    }

    /**
     * Reads a journal's lines. A last line cut short (the query in flight when the run was killed) is left out;
     * any other line that is not a journal line is an error.
     */
    static Read read(List<String> lines, String where) throws InputException {
        Map<Key, TaskModelAggregator.Sample> queries = new HashMap<>();
        IdleBaseline idle = null;
        JsonNode setup = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                if (i == lines.size() - 1) {
                    break; // the line in flight when the run was killed
                }
                throw new InputException(where + ":" + (i + 1) + ": not a journal line", "use the journal a run wrote");
            }
            switch (n.path("type").asText("")) {
                case "query" -> {
                    Map<String, Double> other = new LinkedHashMap<>();
                    n.path("score_other").fields().forEachRemaining(e -> other.put(e.getKey(), e.getValue().asDouble()));
                    JsonNode g = n.get("gen");
                    TaskModelAggregator.GenParts parts = g == null || !g.isArray() ? null
                            : new TaskModelAggregator.GenParts(g.get(0).asInt(), g.get(1).asInt(), g.get(2).asDouble(),
                                    g.get(3).asDouble(), g.get(4).asDouble(), g.get(5).asDouble(), g.get(6).asDouble(),
                                    g.get(7).asDouble());
                    TaskModelAggregator.Sample s = new TaskModelAggregator.Sample(n.path("repetition").asInt(),
                            n.path("item").asText(), n.path("tokens").asInt(), n.path("joules_gross").asDouble(),
                            n.path("joules_net").asDouble(), n.path("seconds").asDouble(),
                            n.path("latency_ms").asDouble(), new Score(n.path("score").asDouble(), other), false, parts,
                            n.path("block").asInt(), n.has("domains")
                                    ? JSON.convertValue(n.get("domains"), DOMAINS) : Map.of());
                    queries.put(new Key(n.path("task").asText(), n.path("model").asText(), n.path("backend").asText(),
                            s.repetition(), s.item()), s);
                }
                case "idle" -> idle = new IdleBaseline(n.path("watts").asDouble(), n.path("method").asText(),
                        n.path("seconds").asDouble(), n.path("joules").asDouble(), n.path("boundary").asText(),
                        n.path("relative_uncertainty").isNumber() ? n.path("relative_uncertainty").asDouble() : null,
                        n.has("meters") ? JSON.convertValue(n.get("meters"), METERS) : List.of());
                case "setup" -> setup = n;
                default -> {
                    // the caller's lines
                }
            }
        }
        return new Read(queries, idle, setup);
    }
}
