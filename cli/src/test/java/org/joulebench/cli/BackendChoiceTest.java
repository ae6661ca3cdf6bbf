package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --backend}: a model the named backend cannot run is refused, never run on another backend. */
class BackendChoiceTest {

    @TempDir
    Path dir;

    private void assertRefused(CliRunner.Outcome o, String... expected) {
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        for (String e : expected) {
            assertTrue(o.err().contains(e), "'" + e + "' in: " + o.err());
        }
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(Files.exists(dir.resolve("o")), "nothing written");
    }

    @Test
    void anEmbeddingModelOnAGenerationEngineIsRefused() {
        CliRunner.Outcome o = CliRunner.run("run", "--backend", "llamacpp", "--models", "all-minilm-l6-v2",
                "--meter", "estimate", "--out", dir.resolve("o").toString());
        assertRefused(o, "backend 'llamacpp' cannot run model 'all-minilm-l6-v2'", "backends for it: onnxruntime");
    }

    @Test
    void aGenerationModelOnAnEmbeddingBackendIsRefused() {
        CliRunner.Outcome o = CliRunner.run("run", "--suite", "generation", "--backend", "onnxruntime", "--models",
                "kjv-small", "--meter", "estimate", "--out", dir.resolve("o").toString());
        assertRefused(o, "engine 'onnxruntime' can run model 'kjv-small'", "engines for it:", "llamacpp", "java");
    }

    @Test
    void withNoModelsNamedOnlyTheModelsTheBackendCanRunAreRun() throws Exception {
        // An embedding suite with a generation engine: no model of the zoo is left, rather than every embedding
        // model run on ONNX Runtime.
        Files.writeString(dir.resolve("s.yaml"), """
                name: fixture-embedding
                version: "1"
                tasks:
                  - id: t
                    dataset: d.jsonl
                    scorer: retrieval
                """);
        Files.writeString(dir.resolve("d.jsonl"), "{\"id\":\"a\",\"text\":\"x\",\"label\":\"y\"}\n"
                + "{\"id\":\"b\",\"text\":\"z\",\"label\":\"w\"}\n");
        CliRunner.Outcome o = CliRunner.run("run", "--suite", dir.resolve("s.yaml").toString(), "--backend",
                "llamacpp", "--meter", "estimate", "--out", dir.resolve("o").toString());
        assertRefused(o, "no model of the run fits a task of suite 'fixture-embedding'");
    }

    @Test
    void anUnknownBackendIsRefusedWithTheKnownOnes() {
        CliRunner.Outcome o = CliRunner.run("run", "--backend", "nosuch", "--models", "kjv-small", "--suite",
                "generation", "--meter", "estimate", "--out", dir.resolve("o").toString());
        assertRefused(o, "unknown backend 'nosuch'", "onnxruntime", "llamacpp", "java");
    }
}
