package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.joulebench.zoo.Sha256;
import org.joulebench.zoo.onnx.OnnxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder's entry: defaults, what joulebench-model.yaml and tokenizer.json change, and what is refused. */
class OnnxFolderTest {

    @TempDir
    Path dir;

    private Path folder(String name, String tokenizer, String yaml) throws IOException {
        Path f = Files.createDirectories(dir.resolve(name));
        Files.write(f.resolve("model.onnx"), OnnxWriter.castModel(List.of("input_ids", "attention_mask",
                "token_type_ids"), "input_ids", "sentence_embedding"));
        Files.writeString(f.resolve("tokenizer.json"), tokenizer);
        if (yaml != null) {
            Files.writeString(f.resolve("joulebench-model.yaml"), yaml);
        }
        return f;
    }

    private static final String TRUNCATED = "{\"truncation\": {\"max_length\": 128, \"strategy\": \"LongestFirst\"},"
            + " \"model\": {\"type\": \"WordPiece\"}}";
    private static final String UNTRUNCATED = "{\"truncation\": null, \"model\": {\"type\": \"WordPiece\"}}";

    @Test
    void defaults() throws Exception {
        Path f = folder("my-encoder", TRUNCATED, null);
        ModelEntry e = OnnxFolder.entry(f);
        assertEquals("my-encoder", e.id(), "the folder's name");
        assertEquals("embedding", e.task());
        assertEquals("onnx", e.format());
        assertEquals(Pooling.MEAN, e.pooling());
        assertTrue(e.normalize());
        assertEquals("", e.inputPrefix());
        assertEquals(128, e.maxTokens(), "tokenizer.json's truncation");
        assertEquals(1, e.parameters(), "the written model's one weight");
        assertEquals(Precision.FP32, e.precision());
        assertEquals(Sha256.hex(f.resolve("model.onnx")), e.sha256());
        assertEquals(Files.size(f.resolve("model.onnx")), e.sizeBytes());
        assertEquals("file", e.source().kind());
        assertEquals(f.toAbsolutePath().toString(), e.source().coordinates());
        assertEquals(512, OnnxFolder.entry(folder("plain", UNTRUNCATED, null)).maxTokens(), "no truncation: 512");
    }

    @Test
    void theYamlOverrides() throws Exception {
        ModelEntry e = OnnxFolder.entry(folder("x", TRUNCATED, """
                id: e5-mine
                pooling: cls
                normalize: false
                prefix: "query: "
                max_tokens: 256
                """));
        assertEquals("e5-mine", e.id());
        assertEquals(Pooling.CLS, e.pooling());
        assertEquals(false, e.normalize());
        assertEquals("query: ", e.inputPrefix());
        assertEquals(256, e.maxTokens());
    }

    @Test
    void anEmptyYamlIsTheDefaults() throws Exception {
        assertEquals("y", OnnxFolder.entry(folder("y", TRUNCATED, "# nothing to say\n")).id());
    }

    private void refused(Path f, String expected) {
        InputException e = assertThrows(InputException.class, () -> OnnxFolder.entry(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && !e.fix().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void badYaml() throws Exception {
        refused(folder("a", TRUNCATED, "normalize: yes please\n"), "normalize is 'yes please'");
        refused(folder("b", TRUNCATED, "max_tokens: 0\n"), "max_tokens is '0'");
        refused(folder("c", TRUNCATED, "max_tokens: 12.5\n"), "max_tokens is '12.5'");
        refused(folder("d", TRUNCATED, "passage_prefix: \"passage: \"\n"), "one prefix before every input");
        refused(folder("e", TRUNCATED, "id: [a, b]\n"), "id must be a text");
        refused(folder("f", TRUNCATED, "- a list\n"), "expected 'key: value' lines");
        refused(folder("g", TRUNCATED, "id: 'a: b: c\n"), "not valid YAML");
        refused(folder("h", TRUNCATED, "id: has#hash\n"), "'has#hash' cannot be a model id");
        refused(folder("i j", TRUNCATED, null), "'i j' cannot be a model id");
    }

    @Test
    void badTokenizerJson() throws Exception {
        refused(folder("a", "not json", null), "tokenizer.json: not valid JSON");
        refused(folder("b", "{\"version\": \"1.0\"}", null), "tokenizer.json: not a Hugging Face tokenizer.json");
    }

    @Test
    void unexpectedInputsOrOutputs() throws Exception {
        Path f = folder("vision", TRUNCATED, null);
        Files.write(f.resolve("model.onnx"), OnnxWriter.castModel(List.of("input_ids", "attention_mask",
                "pixel_values"), "input_ids", "sentence_embedding"));
        refused(f, "model.onnx takes input pixel_values");
        Files.write(f.resolve("model.onnx"), OnnxWriter.castModel(List.of("input_ids"), "input_ids",
                "sentence_embedding"));
        refused(f, "model.onnx has no input attention_mask");
    }
}
