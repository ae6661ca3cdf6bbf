package org.joulebench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.onnx.EncoderSignature;
import org.joulebench.zoo.onnx.OnnxGraph;

/**
 * A zoo entry for a user's embedding model: a folder with {@value #MODEL} and {@value #TOKENIZER} as Optimum exports
 * them, and optionally {@link OnnxFolderOptions#FILE}. Its sha256 and parameter count are taken from the file now,
 * and its inputs and outputs checked, so that a folder that cannot run is refused before anything is measured.
 */
final class OnnxFolder {

    static final String MODEL = "model.onnx";
    static final String TOKENIZER = "tokenizer.json";
    /** The token limit of a tokenizer.json that does not truncate. */
    static final int DEFAULT_MAX_TOKENS = 512;
    static final String FAMILY = "ONNX (local folder)";

    /** Ids that stay usable in file names and in {@code compare --baseline ID@BACKEND}. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxFolder() {
    }

    /** The entry describing {@code dir}; bad input names the file and what is missing or wrong. */
    static ModelEntry entry(Path dir) throws InputException {
        Path abs = dir.toAbsolutePath().normalize();
        String flag = "--onnx " + dir;
        if (!Files.isDirectory(abs)) {
            throw new InputException(flag + ": no such folder", "give a folder with " + MODEL + " and " + TOKENIZER
                    + " (an Optimum export)");
        }
        Path model = abs.resolve(MODEL);
        Path tokenizer = abs.resolve(TOKENIZER);
        for (Path f : new Path[] {model, tokenizer}) {
            if (!Files.isRegularFile(f)) {
                throw new InputException(flag + ": no " + f.getFileName() + " in " + abs, "put the model's "
                        + f.getFileName() + " there (optimum-cli export onnx writes both " + MODEL + " and "
                        + TOKENIZER + ")");
            }
        }
        OnnxFolderOptions options = OnnxFolderOptions.read(abs);
        String id = options.id() != null ? options.id()
                : abs.getFileName() == null ? "" : abs.getFileName().toString();
        if (!ID.matcher(id).matches()) {
            throw new InputException(flag + ": '" + id + "' cannot be a model id (letters, digits, '.', '_', '+', '-')",
                    "rename the folder, or set 'id:' in " + abs.resolve(OnnxFolderOptions.FILE));
        }
        int maxTokens = options.maxTokens() > 0 ? options.maxTokens() : truncation(tokenizer);
        OnnxGraph graph;
        try {
            graph = OnnxGraph.read(model);
        } catch (IOException e) {
            throw new InputException(model + ": " + e.getMessage(), "give an ONNX export of a sentence encoder");
        }
        if (graph.externalData()) {
            throw new InputException(model + ": keeps its weights in files beside it (external data), which"
                    + " Joulebench does not load", "export the model with its weights inside " + MODEL);
        }
        Map<String, Integer> ranks = new LinkedHashMap<>();
        graph.outputs().forEach(t -> ranks.put(t.name(), t.rank()));
        EncoderSignature signature;
        try {
            signature = EncoderSignature.of(graph.inputs(), ranks);
        } catch (IllegalArgumentException e) {
            throw new InputException(model + " " + e.getMessage(), "give an ONNX export of a sentence encoder");
        }
        if (graph.parameters() <= 0) {
            throw new InputException(model + ": holds no weights (no floating-point or int8 initializers)",
                    "give an export whose weights are initializers (optimum-cli export onnx writes them so)");
        }
        long width = graph.outputs().stream().filter(t -> t.name().equals(signature.output())).findFirst()
                .map(t -> t.dims().get(t.rank() - 1)).orElse(-1L);
        try {
            return new ModelEntry(id, FAMILY, "embedding", graph.parameters(), graph.layers(),
                    (int) Math.max(width, 0), graph.precision(), "onnx",
                    new ModelSource("file", abs.toString(), MODEL, TOKENIZER), org.joulebench.zoo.Sha256.hex(model),
                    Files.size(model), "unknown", options.pooling(), options.normalize(), maxTokens, abs.toString(),
                    options.prefix());
        } catch (IOException e) {
            throw new InputException(model + ": could not be read: " + e.getMessage(), "check the file");
        }
    }

    /** The tokenizer's own truncation length, else {@value #DEFAULT_MAX_TOKENS}. */
    private static int truncation(Path tokenizer) throws InputException {
        JsonNode root;
        try {
            root = JSON.readTree(tokenizer.toFile());
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            throw new InputException(tokenizer + ": not valid JSON (" + m.lines().findFirst().orElse("") + ")",
                    "give the tokenizer.json saved with the model");
        }
        if (root == null || !root.isObject() || !root.has("model")) {
            throw new InputException(tokenizer + ": not a Hugging Face tokenizer.json (no 'model')",
                    "give the tokenizer.json saved with the model");
        }
        JsonNode max = root.path("truncation").path("max_length");
        return max.canConvertToInt() && max.intValue() > 0 ? max.intValue() : DEFAULT_MAX_TOKENS;
    }
}
