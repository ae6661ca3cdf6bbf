package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelZoo;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufFile;
import org.joulebench.zoo.gguf.GgufQuantizer;
import org.joulebench.zoo.gguf.GgufTensor;
import org.joulebench.zoo.gguf.GgufValue;
import org.joulebench.zoo.gguf.GgufWriter;
import org.joulebench.zoo.gguf.SyntheticLlama;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code joulebench zoo quantize}: fallbacks printed, each bad input refused in one line before anything is written. */
class QuantizeCommandTest {

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

    private Path tiny() throws IOException {
        Path in = dir.resolve("tiny.gguf");
        SyntheticLlama.write(in, new SyntheticLlama.Shape(1, 256, 4, 4, 512, 300, 64), GgmlType.F32, 5);
        return in;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void kjvSmallAsQ4KSaysWhichTensorsFellBack() throws Exception {
        ModelZoo zoo = ModelZoo.builtIn();
        ModelEntry entry = zoo.find("kjv-small").orElseThrow();
        Path in = zoo.modelFile(entry, dir.resolve("cache"));
        Path out = dir.resolve("kjv-small-q4_k.gguf");
        CliRunner.Outcome o = CliRunner.run("zoo", "quantize", in.toString(), out.toString(), "--type", "q4_k");
        assertEquals(0, o.status(), o.err());
        assertEquals(List.of("26 tensors kept as Q8_0: rows of 128 are not a multiple of 256 (Q4_K blocks)",
                "4 tensors kept as Q8_0: rows of 384 are not a multiple of 256 (Q4_K blocks)",
                "wrote " + out + ": 0 of 39 tensors as q4_k (from f32; norms f32)"), o.out().lines().toList());
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals(2, f.get(GgufQuantizer.FALLBACKS_KEY).orElseThrow().asStrings().size());
            assertEquals(14, f.get("general.file_type").orElseThrow().asInt(), "Q4_K_S, as llama.cpp names it");
        }
    }

    @Test
    void aModelWithWholeBlocksIsQuantisedWithoutFallback() throws Exception {
        Path in = tiny();
        Path out = dir.resolve("q5k.gguf");
        CliRunner.Outcome o = CliRunner.run("zoo", "quantize", in.toString(), out.toString(), "--type", "Q5_K");
        assertEquals(0, o.status(), o.err());
        assertEquals(List.of("wrote " + out + ": 9 of 12 tensors as q5_k (from f32; norms f32)"),
                o.out().lines().toList());
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals(GgmlType.Q5_K, f.tensor("output.weight").map(GgufTensor::type).orElseThrow());
        }
    }

    @Test
    void theQ4KMMixIsWrittenAndSaysItsTypes() throws Exception {
        Path in = tiny();
        Path out = dir.resolve("q4km.gguf");
        CliRunner.Outcome o = CliRunner.run("zoo", "quantize", in.toString(), out.toString(), "--type", "q4_k_m");
        assertEquals(0, o.status(), o.err());
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals(GgmlType.Q6_K, f.tensor("output.weight").map(GgufTensor::type).orElseThrow());
            assertEquals(GgmlType.Q4_K, f.tensor("blk.0.attn_q.weight").map(GgufTensor::type).orElseThrow());
            assertEquals(GgmlType.Q6_K, f.tensor("blk.0.attn_v.weight").map(GgufTensor::type).orElseThrow());
        }
        assertTrue(o.out().startsWith("wrote " + out + " as q4_k_m: matrices "), o.out());
        assertTrue(o.out().contains(" q6_k"), o.out());
    }

    @Test
    void aMissingInputIsRefused() throws Exception {
        CliRunner.Outcome o = CliRunner.run("zoo", "quantize", dir.resolve("none.gguf").toString(),
                dir.resolve("out.gguf").toString(), "--type", "q4_k");
        assertOneLineError(o, "none.gguf does not exist");
        assertEquals(List.of(), files());
    }

    @Test
    void aFileThatIsNotGgufIsRefused() throws Exception {
        Path in = Files.writeString(dir.resolve("notes.gguf"), "hello, not a model");
        CliRunner.Outcome o = CliRunner.run("zoo", "quantize", in.toString(), dir.resolve("out.gguf").toString(),
                "--type", "q8_0");
        assertOneLineError(o, "not a GGUF file");
        assertEquals(List.of("notes.gguf"), files());
    }

    @Test
    void anotherArchitectureIsRefused() throws Exception {
        Path in = dir.resolve("bert.gguf");
        new GgufWriter().put("general.architecture", GgufValue.string("bert"))
                .tensor("w", GgmlType.F32, new long[] {32, 2}, new float[64]).write(in);
        CliRunner.Outcome o = CliRunner.run("zoo", "quantize", in.toString(), dir.resolve("out.gguf").toString(),
                "--type", "q8_0");
        assertOneLineError(o, "is a 'bert' model; Joulebench quantises llama models only");
        assertEquals(List.of("bert.gguf"), files());
    }

    @Test
    void aTensorTypeJoulebenchCannotReadIsRefused() throws Exception {
        Path in = dir.resolve("q5_0.gguf");
        new GgufWriter().put("general.architecture", GgufValue.string("llama"))
                .tensor("odd.weight", GgmlType.Q8_0, new long[] {32, 2}, new float[64]).write(in);
        // The tensor's type id (after its name, rank and two dimensions) rewritten as Q5_0, whose blocks are smaller.
        byte[] bytes = Files.readAllBytes(in);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("odd.weight") + "odd.weight".length() + 4 + 2 * 8;
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(at, GgmlType.Q5_0.id());
        Files.write(in, bytes);
        CliRunner.Outcome o = CliRunner.run("zoo", "quantize", in.toString(), dir.resolve("out.gguf").toString(),
                "--type", "q4_k");
        assertOneLineError(o, "holds tensors of types Joulebench cannot read: Q5_0 (odd.weight)");
        assertEquals(List.of("q5_0.gguf"), files());
    }

    @Test
    void anUnknownTypeIsRefused() throws Exception {
        Path in = tiny();
        CliRunner.Outcome o = CliRunner.run("zoo", "quantize", in.toString(), dir.resolve("out.gguf").toString(),
                "--type", "q3_k");
        assertOneLineError(o, "--type must be q4_0, q4_k, q5_k, q6_k, q8_0, q4_k_m or q5_k_m, was 'q3_k'");
        assertEquals(List.of("tiny.gguf"), files());
    }

    @Test
    void outputOntoTheInputIsRefused() throws Exception {
        Path in = tiny();
        long size = Files.size(in);
        CliRunner.Outcome o = CliRunner.run("zoo", "quantize", in.toString(),
                dir.resolve("./tiny.gguf").toString(), "--type", "q4_0", "--overwrite");
        assertOneLineError(o, "is IN; quantising in place would destroy the model it reads");
        assertEquals(size, Files.size(in));
    }

    @Test
    void anExistingOutputIsRefusedUnlessOverwrite() throws Exception {
        Path in = tiny();
        Path out = Files.writeString(dir.resolve("out.gguf"), "mine");
        CliRunner.Outcome o = CliRunner.run("zoo", "quantize", in.toString(), out.toString(), "--type", "q4_0");
        assertOneLineError(o, "OUT " + out + " already exists", "--overwrite");
        assertEquals("mine", Files.readString(out));
        CliRunner.Outcome again = CliRunner.run("zoo", "quantize", in.toString(), out.toString(), "--type", "q4_0",
                "--overwrite");
        assertEquals(0, again.status(), again.err());
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals(GgmlType.Q4_0, f.tensor("token_embd.weight").map(GgufTensor::type).orElseThrow());
        }
    }

    @Test
    void tooLittleSpaceIsRefusedWithBothFigures() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.joulebench.harness.InputException.class,
                () -> SynthCommand.checkSpace(2.5e9, 1_000_000_000L, Path.of("m.gguf"), "OUT", "free space"));
        assertEquals("OUT m.gguf would take about 2.5 GB, more than the 1.0 GB free there", e.getMessage());
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
        // About 210 MB of F32 values to quantise to Q4_K: seconds of work, where the signal comes within milliseconds.
        Path in = models.resolve("big.gguf");
        SyntheticLlama.write(in, new SyntheticLlama.Shape(4, 1024, 8, 8, 2816, 1000, 64), GgmlType.F32, 1);
        Path out = models.resolve("big-q4_k.gguf");
        InterruptedWrite.check(logs, out, signal, status, "zoo", "quantize", in.toString(), out.toString(), "--type",
                "q4_k");
    }
}
