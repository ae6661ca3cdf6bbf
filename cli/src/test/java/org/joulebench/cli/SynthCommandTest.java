package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.joulebench.harness.InputException;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufFile;
import org.joulebench.zoo.gguf.GgufValue;
import org.joulebench.zoo.gguf.SyntheticLlama;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code joulebench zoo synth}: the size checked before writing, no flag ignored, no partial file left behind. */
class SynthCommandTest {

    @TempDir
    Path dir;

    private void assertOneLineError(CliRunner.Outcome o, String... expected) {
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        for (String e : expected) {
            assertTrue(o.err().contains(e), "'" + e + "' in: " + o.err());
        }
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aHugeShapeIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path out = dir.resolve("sub/huge.gguf");
        CliRunner.Outcome o = CliRunner.run("zoo", "synth", "--layers", "2", "--dim", "1000000", "--heads", "4",
                "--out", out.toString());
        assertOneLineError(o, "--out " + out + " would take about ", " TB", " free there");
        assertEquals(List.of(), files(), "nothing written, no .part file, no folder made");
    }

    @Test
    void theEstimateIsCloseToTheFileWritten() throws Exception {
        Path out = dir.resolve("m.gguf");
        CliRunner.Outcome o = CliRunner.run("zoo", "synth", "--layers", "2", "--dim", "64", "--heads", "4",
                "--vocab", "4000", "--out", out.toString());
        assertEquals(0, o.status(), o.err());
        SyntheticLlama.Shape shape = new SyntheticLlama.Shape(2, 64, 4, 4, SyntheticLlama.Shape.defaultFfn(64), 4000,
                2048);
        double estimate = SyntheticLlama.estimatedFileBytes(shape, GgmlType.F32);
        long size = Files.size(out);
        assertEquals(size, estimate, 0.1 * size, "estimate " + estimate + " for a file of " + size + " bytes");
    }

    @Test
    void moreThanTheFreeSpaceIsRefusedWithBothFigures() {
        InputException e = assertThrows(InputException.class,
                () -> SynthCommand.checkSpace(2.5e9, 1_000_000_000L, Path.of("m.gguf")));
        assertEquals("--out m.gguf would take about 2.5 GB, more than the 1.0 GB free there", e.getMessage());
        InputException cap = assertThrows(InputException.class,
                () -> SynthCommand.checkSpace(1e11, Long.MAX_VALUE, Path.of("m.gguf")));
        assertTrue(cap.getMessage().contains("more than the cap of 64.0 GB"), cap.getMessage());
    }

    @Test
    void contextAppliesToAPreset() throws Exception {
        Path out = dir.resolve("tiny.gguf");
        CliRunner.Outcome o = CliRunner.run("zoo", "synth", "--preset", "tiny", "--context", "512", "--out",
                out.toString());
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("context 512"), o.out());
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals(512, f.get("llama.context_length").map(GgufValue::asInt).orElseThrow());
            assertEquals(64, f.get("llama.embedding_length").map(GgufValue::asInt).orElseThrow(), "the preset's dim");
        }
    }

    @Test
    void aShapeOptionWithAPresetIsRefused() throws Exception {
        CliRunner.Outcome o = CliRunner.run("zoo", "synth", "--preset", "tiny", "--vocab", "1000", "--ffn", "256",
                "--out", dir.resolve("t.gguf").toString());
        assertOneLineError(o, "--preset and --ffn, --vocab exclude each other");
        assertEquals(List.of(), files());
    }

    @Test
    void anExistingFileIsRefusedUnlessOverwrite() throws Exception {
        Path out = Files.writeString(dir.resolve("t.gguf"), "mine");
        CliRunner.Outcome o = CliRunner.run("zoo", "synth", "--preset", "tiny", "--out", out.toString());
        assertOneLineError(o, "--out " + out + " already exists", "--overwrite");
        assertEquals("mine", Files.readString(out));

        CliRunner.Outcome again = CliRunner.run("zoo", "synth", "--preset", "tiny", "--overwrite", "--out",
                out.toString());
        assertEquals(0, again.status(), again.err());
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals("llama", f.get("general.architecture").map(GgufValue::asString).orElseThrow());
        }
    }

    @Test
    void sigtermWhileWritingRemovesThePartialFile() throws Exception {
        interruptWhileWriting("TERM", 143);
    }

    @Test
    void sigintWhileWritingRemovesThePartialFile() throws Exception {
        assumeFalse(JoulebenchProcess.sigintIgnored(), "this JVM was started with SIGINT ignored");
        interruptWhileWriting("INT", 130);
    }

    private void interruptWhileWriting(String signal, int status) throws Exception {
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Path models = Files.createDirectory(dir.resolve("models"));
        Path out = models.resolve("big.gguf");
        // About 1 GB of F32 values: seconds of random numbers to write, where the signal comes within milliseconds.
        InterruptedWrite.check(logs, out, signal, status, "zoo", "synth", "--layers", "16", "--dim", "1024", "--heads",
                "8", "--vocab", "1000", "--out", out.toString());
    }
}
