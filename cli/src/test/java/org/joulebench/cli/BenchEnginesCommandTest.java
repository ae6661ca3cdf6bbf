package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.joulebench.zoo.Sha256;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufFile;
import org.joulebench.zoo.gguf.GgufTensor;
import org.joulebench.zoo.gguf.SyntheticLlama;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import sun.misc.Signal;

/** {@code bench-engines --gguf FILE --json FILE} on tiny random-weight models written here; no timing is asserted. */
class BenchEnginesCommandTest {

    /** Two layers, vocabulary 288, a context long enough for the 128-token prompt and the new tokens. */
    private static final SyntheticLlama.Shape TINY = new SyntheticLlama.Shape(2, 64, 4, 4, 128, 288, 512);

    private static final List<String> ALL = List.of("bare-llamacpp", "llamacpp", "java");

    @TempDir
    Path dir;

    private Path model(GgmlType type) throws IOException {
        Path file = dir.resolve("tiny-" + type.name().toLowerCase() + ".gguf");
        SyntheticLlama.write(file, TINY, type, 7);
        return file;
    }

    private static void assertOneLineError(CliRunner.Outcome o, String... expected) {
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        for (String e : expected) {
            assertTrue(o.err().contains(e), "'" + e + "' in: " + o.err());
        }
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    /** Median within [min, max], one value per round, each above zero. */
    private static void assertSpread(JsonNode s, int rounds, String what) {
        assertEquals(rounds, s.get("rounds").size(), what + ": " + s);
        double min = s.get("min").asDouble();
        double max = s.get("max").asDouble();
        double median = s.get("median").asDouble();
        assertTrue(min > 0 && min <= median && median <= max, what + ": " + s);
        for (JsonNode r : s.get("rounds")) {
            assertTrue(r.asDouble() >= min && r.asDouble() <= max, what + ": " + s);
        }
    }

    private static List<String> engines(JsonNode doc) {
        List<String> names = new ArrayList<>();
        doc.get("engines").forEach(e -> names.add(e.get("engine").asText()));
        return names;
    }

    @Test
    void theJsonHoldsEachEnginesRoundsAndTheModelsFacts() throws Exception {
        Path file = model(GgmlType.F32);
        Path json = dir.resolve("out.json");
        CliRunner.Outcome o = CliRunner.run("bench-engines", "--gguf", file.toString(), "--rounds", "2", "--tokens",
                "8", "--bandwidth-mib", "0", "--json", json.toString());
        assertEquals(0, o.status(), o.err());

        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals(BenchEnginesJson.SCHEMA, doc.get("schema").asText());
        assertEquals("complete", doc.get("status").asText());
        assertEquals(ALL, engines(doc));
        assertEquals(0, doc.get("skipped").size(), doc.toString());
        assertEquals(2, doc.get("rounds").asInt());
        assertEquals(2, doc.get("rounds_completed").asInt());
        assertEquals(8, doc.get("tokens_per_round").asInt());
        assertEquals(2, doc.get("threads").asInt());
        assertEquals(file.getFileName().toString(), doc.get("model").get("file").asText());
        assertEquals(Sha256.hex(file), doc.get("model").get("sha256").asText());
        assertEquals(Files.size(file), doc.get("model").get("size_bytes").asLong());
        int tensors;
        try (GgufFile g = GgufFile.open(file)) {
            tensors = g.tensors().size();
        }
        assertEquals(tensors, doc.get("model").get("tensor_types").get("F32").asInt());
        assertTrue(doc.get("bandwidth").get("gb_per_s").isNull(), "no probe, no figure");
        WeightTraffic traffic = WeightTraffic.of(file);
        assertEquals(traffic.asStored(), doc.get("weight_bytes_per_token").get("as_stored").asLong());
        assertEquals(128, doc.get("prompt").get("tokens_asked").asInt());
        for (JsonNode e : doc.get("engines")) {
            String name = e.get("engine").asText();
            assertSpread(e.get("decode_tokens_per_s"), 2, name + " decode");
            assertSpread(e.get("ttft_ms"), 2, name + " ttft");
            assertSpread(e.get("prefill_tokens_per_s"), 2, name + " prefill");
            int prompt = e.get("prompt_tokens").asInt();
            assertTrue(prompt > 100 && prompt <= 128, name + ": a prompt of at most 128 tokens, whole words: " + prompt);
            assertEquals(8, e.get("new_tokens").asInt());
            double ratio = e.get("decode_ratio_to_llamacpp").asDouble();
            double llama = doc.get("engines").get(1).get("decode_tokens_per_s").get("median").asDouble();
            assertEquals(e.get("decode_tokens_per_s").get("median").asDouble() / llama, ratio, 1e-9 * ratio);
            assertTrue(e.get("ratio_to_memory_bound").isNull(), name + ": no probe, no ratio");
        }
        assertTrue(o.out().contains("bare-llamacpp") && o.out().contains("java"), o.out());
        assertTrue(o.err().contains("round 2/2: "), o.err());
    }

    @Test
    void theBandwidthProbeGivesEachEngineItsShareOfTheMemoryBoundLimit() throws Exception {
        Path file = model(GgmlType.F16);
        Path json = dir.resolve("bw.json");
        CliRunner.Outcome o = CliRunner.run("bench-engines", "--gguf", file.toString(), "--rounds", "1", "--tokens",
                "4", "--prompt-tokens", "16", "--bandwidth-mib", "8", "--json", json.toString());
        assertEquals(0, o.status(), o.err());
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        double bytesPerSecond = doc.get("bandwidth").get("gb_per_s").asDouble() * 1e9;
        assertTrue(bytesPerSecond > 0, doc.get("bandwidth").toString());
        WeightTraffic traffic = WeightTraffic.of(file);
        assertTrue(traffic.javaEngine() > traffic.asStored(), "F16 is held as floats by the java engine");
        for (JsonNode e : doc.get("engines")) {
            long bytes = e.get("engine").asText().equals("java") ? traffic.javaEngine() : traffic.asStored();
            assertEquals(bytes, e.get("weight_bytes_per_token").asLong());
            double limit = bytesPerSecond / bytes;
            assertEquals(limit, e.get("memory_bound_tokens_per_s").asDouble(), 1e-9 * limit);
            assertEquals(e.get("decode_tokens_per_s").get("median").asDouble() / limit,
                    e.get("ratio_to_memory_bound").asDouble(), 1e-9);
            assertTrue(e.get("prompt_tokens").asInt() <= 16, e.toString());
        }
    }

    @Test
    void aFileTheJavaEngineCannotReadSkipsItsRowsAndLlamaCppStillRuns() throws Exception {
        Path file = model(GgmlType.F16);
        retypeMatrices(file, GgmlType.F16, GgmlType.BF16); // same size; llama.cpp multiplies BF16, the java engine not
        Path json = dir.resolve("bf16.json");
        CliRunner.Outcome o = CliRunner.run("bench-engines", "--gguf", file.toString(), "--rounds", "2", "--tokens",
                "4", "--prompt-tokens", "16", "--bandwidth-mib", "0", "--json", json.toString());
        assertEquals(0, o.status(), o.err());
        List<String> skippedLines = o.err().lines().filter(l -> l.contains("skipped")).toList();
        assertEquals(1, skippedLines.size(), o.err());
        assertTrue(skippedLines.get(0).startsWith("joulebench: java rows skipped: ")
                && skippedLines.get(0).contains("BF16"), o.err());
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals(List.of("bare-llamacpp", "llamacpp"), engines(doc));
        assertEquals("java", doc.get("skipped").get(0).get("engine").asText());
        assertTrue(doc.get("skipped").get(0).get("reason").asText().contains("BF16"), doc.get("skipped").toString());
        assertTrue(doc.get("model").get("tensor_types").get("F32").asInt() > 0, "the norms stay F32");
        assertTrue(doc.get("model").get("tensor_types").get("BF16").asInt() > 0, doc.get("model").toString());
    }

    @Test
    void aFileNeitherEngineCanReadIsBadInputNamingBothReasons() throws Exception {
        Path file = model(GgmlType.F32);
        replaceOnce(file, "gpt-2", "zzz-9"); // a pre-tokenizer neither engine knows
        CliRunner.Outcome o = CliRunner.run("bench-engines", "--gguf", file.toString(), "--rounds", "1",
                "--bandwidth-mib", "0");
        assertOneLineError(o, "neither engine can run " + file.getFileName(), "llamacpp: ", "java: ", "zzz-9");
    }

    @Test
    void badInputIsOneLineBeforeAnythingRuns() throws Exception {
        Path good = model(GgmlType.F32);
        assertOneLineError(CliRunner.run("bench-engines", "--gguf", dir.resolve("missing.gguf").toString()),
                "missing.gguf: no such file");
        Path text = Files.writeString(dir.resolve("notes.gguf"), "not a model, just text\n");
        assertOneLineError(CliRunner.run("bench-engines", "--gguf", text.toString()), "notes.gguf: not a readable GGUF");
        assertOneLineError(CliRunner.run("bench-engines", "--gguf", good.toString(), "--model", "kjv-small"),
                "mutually exclusive");
        Path nowhere = dir.resolve("no-such-folder").resolve("x.json");
        assertOneLineError(CliRunner.run("bench-engines", "--gguf", good.toString(), "--json", nowhere.toString()),
                "--json " + nowhere, "does not exist");
        assertFalse(Files.exists(nowhere.getParent()), "the folder is not made");
        assertOneLineError(CliRunner.run("bench-engines", "--gguf", good.toString(), "--prompt", "In the",
                "--prompt-tokens", "8"), "--prompt and --prompt-tokens both given");
        assertOneLineError(CliRunner.run("bench-engines", "--gguf", good.toString(), "--prompt-tokens", "500",
                "--tokens", "100"), "need 600 positions", "context is 512");
        assertOneLineError(CliRunner.run("bench-engines", "--gguf", good.toString(), "--rounds", "0"),
                "--rounds must be >= 1");
        Path taken = Files.writeString(dir.resolve("taken.json"), "{}");
        assertOneLineError(CliRunner.run("bench-engines", "--gguf", good.toString(), "--json", taken.toString()),
                "already exists", "--overwrite");
    }

    @Test
    void aSignalHalfwayKeepsTheRoundsDoneMarkedPartial() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/proc/self/status")), "needs POSIX signals");
        Path file = model(GgmlType.F32);
        Path json = dir.resolve("partial.json");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        // SIGTERM to this JVM reaches only the command's handler (llama.cpp's child runs on); Ctrl-C takes the same
        // path with SIGINT and status 130.
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cl.execute("bench-engines", "--gguf",
                file.toString(), "--rounds", "10000", "--tokens", "8", "--prompt-tokens", "16", "--bandwidth-mib",
                "0", "--json", json.toString()));
        assertTrue(JoulebenchProcess.await(() -> err.toString().contains("round 2/") || run.isDone(), 120),
                "rounds ran: " + err);
        assertFalse(run.isDone(), "still running: " + err);
        Signal.raise(new Signal("TERM"));
        int status = run.get(60, TimeUnit.SECONDS);

        assertEquals(143, status, err.toString());
        String last = err.toString().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("joulebench: interrupted (SIGTERM): the ") && last.contains("(in " + json
                + ", status partial)"), err.toString());
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals("partial", doc.get("status").asText());
        assertEquals("interrupted (SIGTERM)", doc.get("stopped").asText());
        int completed = doc.get("rounds_completed").asInt();
        assertTrue(completed >= 2 && completed < 10000, doc.toString());
        for (JsonNode e : doc.get("engines")) {
            int n = e.get("decode_tokens_per_s").get("rounds").size();
            assertTrue(n == completed || n == completed + 1, "each engine holds the rounds it ran: " + e);
        }
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    /** Rewrites the type of every {@code from} tensor of {@code file} to {@code to}, which must be as large. */
    private static void retypeMatrices(Path file, GgmlType from, GgmlType to) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<GgufTensor> tensors;
        try (GgufFile g = GgufFile.open(file)) {
            tensors = g.tensors();
        }
        for (GgufTensor t : tensors) {
            if (t.type() != from) {
                continue;
            }
            // A tensor's entry: u64 name length, the name, u32 dimensions, u64 each, u32 type.
            int at = indexOf(bytes, entryName(t.name()));
            int pos = at + 8 + t.name().getBytes(StandardCharsets.UTF_8).length;
            int typeAt = pos + 4 + 8 * b.getInt(pos);
            assertEquals(from.id(), b.getInt(typeAt), t.name());
            b.putInt(typeAt, to.id());
        }
        Files.write(file, bytes);
    }

    private static byte[] entryName(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + n.length).order(ByteOrder.LITTLE_ENDIAN).putLong(n.length).put(n).array();
    }

    private static void replaceOnce(Path file, String from, String to) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, f);
        assertTrue(at >= 0 && indexOf(java.util.Arrays.copyOfRange(bytes, at + 1, bytes.length), f) < 0,
                from + " occurs once");
        System.arraycopy(to.getBytes(StandardCharsets.UTF_8), 0, bytes, at, f.length);
        Files.write(file, bytes);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
