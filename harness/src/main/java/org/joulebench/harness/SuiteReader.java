package org.joulebench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.joulebench.zoo.Sha256;

/** Parses a suite file and its JSONL datasets, reporting problems with file and line. */
final class SuiteReader {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private SuiteReader() {
    }

    static Suite read(Suites.Source source) throws InputException {
        byte[] bytes = readAll(source);
        List<byte[]> hashed = new ArrayList<>(List.of(bytes));
        JsonNode root;
        try {
            // YAML is a superset of JSON: one parser reads both.
            root = YAML.readTree(bytes);
        } catch (IOException e) {
            throw new InputException(source.describe() + ": not valid YAML or JSON: " + firstLine(e),
                    "fix the syntax at the position shown");
        }
        if (root == null || !root.isObject()) {
            throw new InputException(source.describe() + ": a suite must be a mapping with 'name', 'version' and 'tasks'",
                    "see the built-in suite (joulebench suites) for the format");
        }
        String schema = root.path("schema").asText(Suite.SCHEMA);
        if (!Suite.SCHEMA.equals(schema)) {
            throw new InputException(source.describe() + ": schema is '" + schema + "', this Joulebench reads '"
                    + Suite.SCHEMA + "'", "set 'schema: " + Suite.SCHEMA + "'");
        }
        String name = required(root, "name", source);
        String version = required(root, "version", source);
        JsonNode tasksNode = root.path("tasks");
        if (!tasksNode.isArray() || tasksNode.isEmpty()) {
            throw new InputException(source.describe() + ": 'tasks' must be a non-empty list",
                    "list at least one task with 'id', 'dataset' and 'scorer'");
        }
        List<TaskSpec> tasks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode t : tasksNode) {
            String id = required(t, "id", source);
            if (!ids.add(id)) {
                throw new InputException(source.describe() + ": task id '" + id + "' appears twice",
                        "give each task its own id");
            }
            String scorer = required(t, "scorer", source);
            String dataset = required(t, "dataset", source);
            Suites.Source data = source.sibling(dataset);
            byte[] dataBytes = readAll(data);
            hashed.add(dataBytes);
            tasks.add(new TaskSpec(id, t.path("description").asText(""), scorer, data.describe(),
                    parseJsonl(data.describe(), dataBytes), limit(t, id, source), serving(t, id, source)));
        }
        return new Suite(name, version, root.path("description").asText(""), source.describe(),
                Sha256.hexOfAll(hashed), tasks);
    }

    /** Strict UTF-8: bytes that are not UTF-8 are an error naming their line, never decoded lossily. */
    static void requireUtf8(String where, byte[] bytes) throws InputException {
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        int line = 1;
        int from = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    utf8.reset().decode(java.nio.ByteBuffer.wrap(bytes, from, i - from));
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw new InputException(where + ":" + line + ": not valid UTF-8",
                            "datasets are UTF-8 text: convert the file (e.g. iconv -f LATIN1 -t UTF-8)");
                }
                line++;
                from = i + 1;
            }
        }
    }

    static List<Item> parseJsonl(String where, byte[] bytes) throws InputException {
        List<Item> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        requireUtf8(where, bytes);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new InputException(where + ":" + number + ": not valid JSON: " + firstLine(e),
                            "each line of a dataset must be one JSON object");
                }
                if (node == null || !node.isObject()) {
                    throw new InputException(where + ":" + number + ": expected a JSON object",
                            "each line of a dataset must be one JSON object with 'id', 'text' and 'label'");
                }
                String id = node.path("id").asText(null);
                String text = node.path("text").asText(null);
                String label = node.path("label").asText(null);
                if (id == null || text == null || label == null) {
                    throw new InputException(where + ":" + number + ": missing "
                            + (id == null ? "'id'" : text == null ? "'text'" : "'label'"),
                            "each line needs string fields 'id', 'text' and 'label'");
                }
                if (!seen.add(id)) {
                    throw new InputException(where + ":" + number + ": id '" + id + "' appears twice",
                            "give each item its own id");
                }
                JsonNode split = node.get("split");
                items.add(new Item(id, text, label, split == null || split.isNull() ? null : split.asText()));
            }
        } catch (IOException e) {
            throw new InputException(where + ": cannot read: " + e.getMessage(), "check the file");
        }
        if (items.isEmpty()) {
            throw new InputException(where + ": the dataset has no items", "add at least one JSON line");
        }
        return items;
    }

    /** A task's optional {@code limit:}, a whole number of measured queries of at least 1. */
    private static int limit(JsonNode task, String id, Suites.Source source) throws InputException {
        JsonNode v = task.get("limit");
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw new InputException(source.describe() + ": task '" + id + "' has limit '" + v.asText()
                    + "'; it must be a whole number of measured queries, at least 1",
                    "set 'limit:' to a positive whole number, or remove it to measure every query");
        }
        return v.asInt();
    }

    /**
     * A task's optional {@code serving:} mapping: {@code concurrency} (a list of whole numbers >= 1), {@code
     * requests}, {@code rate} (requests/s) and {@code slo_tpot_ms}, as the run's flags of the same names.
     */
    private static ServingPlan serving(JsonNode task, String id, Suites.Source source) throws InputException {
        JsonNode v = task.get("serving");
        if (v == null || v.isNull()) {
            return null;
        }
        String where = source.describe() + ": task '" + id + "' serving";
        String fix = "write 'serving: {concurrency: [1, 2, 4], requests: 16, rate: 2.5, slo_tpot_ms: 50}' (each key"
                + " optional)";
        if (!v.isObject()) {
            throw new InputException(where + " must be a mapping", fix);
        }
        for (var names = v.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!java.util.Set.of("concurrency", "requests", "rate", "slo_tpot_ms").contains(name)) {
                throw new InputException(where + " has an unknown key '" + name + "'", fix);
            }
        }
        List<Integer> levels = new ArrayList<>();
        JsonNode c = v.get("concurrency");
        if (c != null && !c.isNull()) {
            if (!c.isArray()) {
                throw new InputException(where + ".concurrency must be a list of whole numbers", fix);
            }
            for (JsonNode n : c) {
                if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
                    throw new InputException(where + ".concurrency has '" + n.asText() + "'; levels are whole"
                            + " numbers >= 1", fix);
                }
                levels.add(n.asInt());
            }
        }
        JsonNode r = v.get("requests");
        if (r != null && !r.isNull() && (!r.isIntegralNumber() || !r.canConvertToInt() || r.asInt() < 1)) {
            throw new InputException(where + ".requests is '" + r.asText() + "'; it must be a whole number >= 1", fix);
        }
        try {
            return new ServingPlan(levels, r == null || r.isNull() ? null : r.asInt(), number(v, "rate", where, fix),
                    number(v, "slo_tpot_ms", where, fix));
        } catch (IllegalArgumentException e) {
            throw new InputException(where + ": " + e.getMessage(), fix);
        }
    }

    private static Double number(JsonNode node, String key, String where, String fix) throws InputException {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new InputException(where + "." + key + " is '" + n.asText() + "'; it must be a number", fix);
        }
        return n.asDouble();
    }

    private static String required(JsonNode node, String field, Suites.Source source) throws InputException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new InputException(source.describe() + ": missing '" + field + "'"
                    + (node.has("id") ? " in task '" + node.get("id").asText() + "'" : ""),
                    "add '" + field + ":' to the suite");
        }
        return v.asText();
    }

    private static byte[] readAll(Suites.Source source) throws InputException {
        try (InputStream in = source.open()) {
            return in.readAllBytes();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(source.describe() + ": no such file", "check the path (datasets resolve against the suite's folder)");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InputException(source.describe() + ": permission denied", "make the file readable");
        } catch (IOException e) {
            throw new InputException(source.describe() + ": cannot read: " + e.getMessage(), "check the file");
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
