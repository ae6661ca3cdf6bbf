package org.joulebench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.joulebench.zoo.Pooling;

/**
 * A model folder's {@value #FILE}: the few facts of an embedding model that its files do not say. Every key is
 * optional; an unknown key, or a value of the wrong kind, is refused with the file and the key.
 *
 * @param id        the model's id in the run (default: the folder's name)
 * @param pooling   {@code mean} (default) or {@code cls}
 * @param normalize whether sentence vectors are scaled to unit length (default: true)
 * @param prefix    text put before every input, e.g. e5's {@code "query: "} (default: none)
 * @param maxTokens longest input in tokens; 0 where not given (then tokenizer.json's truncation, else 512)
 */
record OnnxFolderOptions(String id, Pooling pooling, boolean normalize, String prefix, int maxTokens) {

    static final String FILE = "joulebench-model.yaml";
    static final List<String> KEYS = List.of("id", "pooling", "normalize", "prefix", "max_tokens");

    private static final YAMLMapper YAML = new YAMLMapper();

    /** The options of {@code dir}: its {@value #FILE}, or the defaults where it has none. */
    static OnnxFolderOptions read(Path dir) throws InputException {
        Path file = dir.resolve(FILE);
        OnnxFolderOptions defaults = new OnnxFolderOptions(null, Pooling.MEAN, true, "", 0);
        if (!Files.exists(file)) {
            return defaults;
        }
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InputException(file + ": not valid YAML: " + firstLine(e), "write one 'key: value' per line");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return defaults;
        }
        if (!root.isObject()) {
            throw new InputException(file + ": expected 'key: value' lines", "keys: " + String.join(", ", KEYS));
        }
        String id = null;
        Pooling pooling = defaults.pooling();
        boolean normalize = defaults.normalize();
        String prefix = defaults.prefix();
        int maxTokens = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String where = file + ": " + f.getKey();
            JsonNode v = f.getValue();
            switch (f.getKey()) {
                case "id" -> id = text(where, v);
                case "pooling" -> pooling = pooling(where, v);
                case "normalize" -> {
                    if (!v.isBoolean()) {
                        throw new InputException(where + " is '" + v.asText() + "'", "give true or false");
                    }
                    normalize = v.booleanValue();
                }
                case "prefix" -> prefix = v.isTextual() ? v.textValue() : text(where, v);
                case "max_tokens" -> {
                    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 1) {
                        throw new InputException(where + " is '" + v.asText() + "'", "give a whole number >= 1");
                    }
                    maxTokens = v.intValue();
                }
                case "query_prefix", "passage_prefix" -> throw new InputException(where + ": Joulebench puts one"
                        + " prefix before every input (queries, retrieval candidates, training items alike)",
                        "use 'prefix' (as the zoo does with e5's \"query: \")");
                default -> throw new InputException(file + ": unknown key '" + f.getKey() + "'",
                        "the keys are " + String.join(", ", KEYS));
            }
        }
        return new OnnxFolderOptions(id, pooling, normalize, prefix, maxTokens);
    }

    private static String text(String where, JsonNode v) throws InputException {
        if (!v.isValueNode() || v.isNull() || v.asText().isEmpty()) {
            throw new InputException(where + " must be a text", "give a value after the colon");
        }
        return v.asText();
    }

    private static Pooling pooling(String where, JsonNode v) throws InputException {
        String name = v.asText();
        for (Pooling p : Pooling.values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(name)) {
                return p;
            }
        }
        throw new InputException(where + " is '" + name + "'", "give one of "
                + String.join(", ", java.util.Arrays.stream(Pooling.values())
                .map(p -> p.name().toLowerCase(Locale.ROOT)).toList()));
    }

    private static String firstLine(IOException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
