package org.joulebench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.joulebench.harness.InputException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a targets file. Every key is known or refused: an unknown key, a missing one, a wrong type or a duplicate
 * is one {@link InputException} naming the key, where it is and the file.
 */
final class TargetsReader {

    /** A DNS-1123 label short enough that {@code <fleet>-<target>} stays one (63 characters). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?");
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private static final Set<String> TOP = Set.of("name", "suite", "run", "history", "image", "targets");
    private static final Set<String> TARGET = Set.of("name", "runs", "run", "kubernetes", "slurm");
    private static final Set<String> KUBERNETES = Set.of("nodeSelector", "gpus", "powercap", "runtimeClassName", "cpu",
            "memory");
    private static final Set<String> SLURM = Set.of("partition", "constraint", "gpus", "time", "exclusive", "command");

    private final Path file;

    private TargetsReader(Path file) {
        this.file = file;
    }

    static FleetFile read(Path file) throws InputException {
        return new TargetsReader(file).read();
    }

    private FleetFile read() throws InputException {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InputException("no targets file at " + file, "give a targets.yaml (see docs/fleet.md)");
        } catch (JsonProcessingException e) {
            throw new InputException(file + " is not valid YAML: " + oneLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"),
                    "fix the file (see docs/fleet.md)");
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e, "check the path and its permissions");
        }
        if (root == null || !root.isObject()) {
            throw bad("the file", "is not a mapping of keys", "start from the example in docs/fleet.md");
        }
        keys(root, TOP, "the top level");
        String name = root.has("name") ? name(root.get("name"), "name") : "joulebench";
        String suite = text(required(root, "suite", "the top level"), "suite");
        List<String> run = strings(root.get("run"), "run");
        String historyText = text(required(root, "history", "the top level"), "history");
        Optional<String> history = history(historyText);
        Optional<String> image = root.has("image") ? Optional.of(text(root.get("image"), "image")) : Optional.empty();
        JsonNode list = required(root, "targets", "the top level");
        if (!list.isArray() || list.isEmpty()) {
            throw bad("targets", "is not a list of targets", "list at least one target with a name and kubernetes: or slurm:");
        }
        List<Target> targets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Target t = target(list.get(i), "targets[" + i + "]");
            if (!names.add(t.name())) {
                throw bad("targets[" + i + "].name", "repeats the target name '" + t.name() + "'", "give each target its own name");
            }
            targets.add(t);
        }
        FleetFile fleet = new FleetFile(name, suite, run, history, image, targets);
        if (!fleet.kubernetesTargets().isEmpty() && image.isEmpty()) {
            throw bad("image", "is missing: Kubernetes targets need the container image",
                    "add image: REGISTRY/joulebench:TAG (built with mvn -Pimage, see docs/fleet.md)");
        }
        return fleet;
    }

    private Target target(JsonNode node, String where) throws InputException {
        if (!node.isObject()) {
            throw bad(where, "is not a mapping", "give name: and kubernetes: or slurm:");
        }
        keys(node, TARGET, where);
        String name = name(required(node, "name", where), where + ".name");
        int runs = node.has("runs") ? count(node.get("runs"), where + ".runs", 1) : 1;
        List<String> run = strings(node.get("run"), where + ".run");
        boolean k8s = node.has("kubernetes");
        boolean slurm = node.has("slurm");
        if (k8s == slurm) {
            throw bad(where, k8s ? "has both kubernetes: and slurm:" : "has neither kubernetes: nor slurm:",
                    "give exactly one of them");
        }
        if (k8s) {
            return new Target(name, runs, run, Optional.of(kubernetes(node.get("kubernetes"), where + ".kubernetes")),
                    Optional.empty());
        }
        return new Target(name, runs, run, Optional.empty(), Optional.of(slurm(node.get("slurm"), where + ".slurm")));
    }

    private Target.Kubernetes kubernetes(JsonNode node, String where) throws InputException {
        if (!node.isObject()) {
            throw bad(where, "is not a mapping", "give e.g. {nodeSelector: {KEY: VALUE}, gpus: 1}");
        }
        keys(node, KUBERNETES, where);
        Map<String, String> selector = new LinkedHashMap<>();
        JsonNode sel = node.get("nodeSelector");
        if (sel != null) {
            if (!sel.isObject()) {
                throw bad(where + ".nodeSelector", "is not a mapping of node labels", "give {LABEL: VALUE, ...}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = sel.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                selector.put(e.getKey(), text(e.getValue(), where + ".nodeSelector." + e.getKey()));
            }
        }
        int gpus = node.has("gpus") ? count(node.get("gpus"), where + ".gpus", 0) : 0;
        boolean powercap = !node.has("powercap") || bool(node.get("powercap"), where + ".powercap");
        Optional<String> runtime = node.has("runtimeClassName")
                ? Optional.of(text(node.get("runtimeClassName"), where + ".runtimeClassName")).filter(s -> !s.isEmpty())
                : gpus > 0 ? Optional.of("nvidia") : Optional.empty();
        Optional<String> cpu = node.has("cpu") ? Optional.of(text(node.get("cpu"), where + ".cpu")) : Optional.empty();
        Optional<String> memory = node.has("memory") ? Optional.of(text(node.get("memory"), where + ".memory"))
                : Optional.empty();
        return new Target.Kubernetes(selector, gpus, powercap, runtime, cpu, memory);
    }

    private Target.Slurm slurm(JsonNode node, String where) throws InputException {
        if (!node.isObject()) {
            throw bad(where, "is not a mapping", "give e.g. {partition: gpu, constraint: a100, gpus: 1}");
        }
        keys(node, SLURM, where);
        Optional<String> partition = node.has("partition") ? Optional.of(text(node.get("partition"), where + ".partition"))
                : Optional.empty();
        Optional<String> constraint = node.has("constraint")
                ? Optional.of(text(node.get("constraint"), where + ".constraint")) : Optional.empty();
        int gpus = node.has("gpus") ? count(node.get("gpus"), where + ".gpus", 0) : 0;
        String time = node.has("time") ? text(node.get("time"), where + ".time") : "02:00:00";
        boolean exclusive = !node.has("exclusive") || bool(node.get("exclusive"), where + ".exclusive");
        String command = node.has("command") ? text(node.get("command"), where + ".command") : "joulebench";
        return new Target.Slurm(partition, constraint, gpus, time, exclusive, command);
    }

    private Optional<String> history(String value) throws InputException {
        if (value.equals(FleetFile.HISTORY_VARIABLE)) {
            return Optional.empty();
        }
        if (!value.startsWith("jdbc:")) {
            throw bad("history", "is '" + value + "', not a JDBC URL", "give jdbc:postgresql://HOST/DB, jdbc:sqlite:FILE or "
                    + FleetFile.HISTORY_VARIABLE);
        }
        if (value.toLowerCase(java.util.Locale.ROOT).contains("password")) {
            throw bad("history", "holds a password, which the plan would copy into every file it writes",
                    "write history: " + FleetFile.HISTORY_VARIABLE + " and set that variable where you run fleet commands");
        }
        return Optional.of(value);
    }

    private void keys(JsonNode node, Set<String> known, String where) throws InputException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new InputException("unknown key '" + key + "' in " + where + " of " + file,
                        "known keys there: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private JsonNode required(JsonNode node, String key, String where) throws InputException {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new InputException("missing key '" + key + "' in " + where + " of " + file, "add it (see docs/fleet.md)");
        }
        return value;
    }

    private String text(JsonNode node, String key) throws InputException {
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw bad(key, "is not a single value", "give a string");
        }
        return node.asText();
    }

    private String name(JsonNode node, String key) throws InputException {
        String value = text(node, key);
        if (!NAME.matcher(value).matches()) {
            throw bad(key, "is '" + value + "', not a short Kubernetes name",
                    "use 1 to 30 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
        return value;
    }

    private int count(JsonNode node, String key, int min) throws InputException {
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min) {
            throw bad(key, "is '" + node.asText() + "'", "give a whole number of at least " + min);
        }
        return node.asInt();
    }

    private boolean bool(JsonNode node, String key) throws InputException {
        if (!node.isBoolean()) {
            throw bad(key, "is '" + node.asText() + "'", "give true or false");
        }
        return node.asBoolean();
    }

    private List<String> strings(JsonNode node, String key) throws InputException {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw bad(key, "is not a list", "give the arguments as a list, e.g. [--limit, \"100\"]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            out.add(text(item, key + " item"));
        }
        return List.copyOf(out);
    }

    /** SnakeYAML's message without its excerpt of the file: the lines that say what is wrong, on one line. */
    private static String oneLine(String message) {
        return message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith(" in "))
                .map(String::strip).collect(java.util.stream.Collectors.joining("; "));
    }

    private InputException bad(String key, String what, String fix) {
        return new InputException("'" + key + "' in " + file + " " + what, fix);
    }
}
