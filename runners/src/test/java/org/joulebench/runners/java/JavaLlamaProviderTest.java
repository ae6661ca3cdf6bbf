package org.joulebench.runners.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationProvider;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufValue;
import org.joulebench.zoo.gguf.GgufWriter;
import org.joulebench.zoo.gguf.SyntheticLlama;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaLlamaProviderTest {

    @TempDir
    Path dir;

    static ModelEntry entry(String format, String task) {
        return new ModelEntry("tiny", "Llama", task, 119_104, 2, 64, Precision.FP32, format,
                new ModelSource("file", "/models", "tiny.gguf", ""), "0".repeat(64), 1, "cc0-1.0", Pooling.MEAN, false,
                128, "synthetic", "");
    }

    @Test
    void isFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(GenerationProvider.class).stream()
                .anyMatch(p -> p.type() == JavaLlamaProvider.class && p.get().id().equals("java")));
    }

    @Test
    void supportsGgufGenerationModelsOnly() {
        JavaLlamaProvider p = new JavaLlamaProvider();
        assertTrue(p.supports(entry("gguf", "generation")));
        assertFalse(p.supports(entry("onnx", "embedding")));
        assertFalse(p.supports(entry("gguf", "embedding")));
        BackendException e = assertThrows(BackendException.class,
                () -> p.open(entry("onnx", "embedding"), dir.resolve("x"), BackendConfig.cpu(1)));
        assertEquals("model tiny is a onnx embedding model; java runs only gguf generation models — pick another"
                + " backend", e.getMessage());
    }

    @Test
    void opensASyntheticModelThroughTheSpi() throws Exception {
        Path file = dir.resolve("tiny.gguf");
        SyntheticLlama.write(file, SyntheticLlama.Preset.TINY, 1);
        try (GenerationBackend b = new JavaLlamaProvider().open(entry("gguf", "generation"), file,
                BackendConfig.cpu(0))) {
            assertEquals("java", b.backend());
            assertEquals("cpu", b.device());
            assertEquals(4, b.generate(GenerationRequest.greedy("hello", 4), GenerationListener.NONE).tokens().size());
        }
    }

    @Test
    void weightsThatAreNaNAreRefusedWhenTheModelOpensNamingTheTensor() throws Exception {
        Path file = dir.resolve("tiny.gguf");
        SyntheticLlama.write(file, SyntheticLlama.Preset.TINY, 1);
        long at;
        org.joulebench.zoo.gguf.GgmlType type;
        try (org.joulebench.zoo.gguf.GgufFile f = org.joulebench.zoo.gguf.GgufFile.open(file)) {
            var t = f.tensor("blk.0.attn_q.weight").orElseThrow();
            at = f.dataOffset() + t.offset();
            type = t.type();
        }
        // The first stored value of the tensor (for Q8_0 its first block's scale) becomes NaN, as a broken writer
        // or a flipped disk block would leave it.
        byte[] nan = switch (type) {
            case F32 -> new byte[] {0, 0, (byte) 0xC0, 0x7F};
            default -> new byte[] {0, 0x7E}; // half-precision NaN, little-endian
        };
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(nan), at);
        }
        BackendException e = assertThrows(BackendException.class, () -> new JavaLlamaProvider()
                .open(entry("gguf", "generation"), file, BackendConfig.cpu(0)).close());
        assertTrue(e.getMessage().contains("tensor blk.0.attn_q.weight holds 1 weight (or block scales) that are"
                + " NaN or infinite: the file is corrupt"), e.getMessage());
    }

    @Test
    void refusesOtherDevices() {
        BackendException e = assertThrows(BackendException.class, () -> new JavaLlamaProvider()
                .open(entry("gguf", "generation"), dir.resolve("x"), new BackendConfig(1, "cuda")));
        assertEquals("--device cuda cannot apply to java: it runs on the CPU only; pick --backend llamacpp (with"
                + " --gpu-layers) or onnxruntime (with --device) for a GPU", e.getMessage());
        BackendException layers = assertThrows(BackendException.class, () -> new JavaLlamaProvider()
                .open(entry("gguf", "generation"), dir.resolve("x"), new BackendConfig(1, "cpu", 8)));
        assertTrue(layers.getMessage().startsWith("--gpu-layers 8 cannot apply to java: it runs on the CPU only;"),
                layers.getMessage());
    }

    @Test
    void badFilesAreExplained() throws Exception {
        Path junk = dir.resolve("junk.gguf");
        Files.writeString(junk, "not a model at all");
        BackendException e = assertThrows(BackendException.class, () -> JavaLlamaProvider.open(junk, 1, true));
        assertTrue(e.getMessage().startsWith("cannot read model file " + junk + ": " + junk + ": not a GGUF file"),
                e.getMessage());

        Path other = dir.resolve("other.gguf");
        new GgufWriter().put("general.architecture", GgufValue.string("gpt2")).write(other);
        e = assertThrows(BackendException.class, () -> JavaLlamaProvider.open(other, 1, true));
        assertEquals(other + ": architecture 'gpt2' is not supported by the java engine, which runs llama",
                e.getMessage());

        Path missing = dir.resolve("missing.gguf");
        new GgufWriter().put("general.architecture", GgufValue.string("llama")).write(missing);
        e = assertThrows(BackendException.class, () -> JavaLlamaProvider.open(missing, 1, true));
        assertEquals(missing + ": metadata llama.embedding_length is missing; the java engine reads llama GGUF files"
                + " laid out as docs/generative-models.md describes", e.getMessage());
    }

    @Test
    void quantisationsItCannotRunAreNamed() throws Exception {
        ToyModel toy = ToyModel.random(1, 32, 2, 2, 32, 8, 1, 0.1);
        Path file = toy.write(dir.resolve("toy.gguf"), GgmlType.F32);
        // Rewrite the file with one tensor's type id changed to Q4_1 (same block size; its bytes are never read).
        byte[] bytes = Files.readAllBytes(file);
        byte[] name = "blk.0.attn_q.weight".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = indexOf(bytes, name) + name.length + 4 + 2 * 8;
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(at, GgmlType.Q4_1.id());
        Path q4 = dir.resolve("q4.gguf");
        Files.write(q4, bytes);
        BackendException e = assertThrows(BackendException.class, () -> JavaLlamaProvider.open(q4, 1, true));
        assertEquals(q4 + ": tensor blk.0.attn_q.weight is Q4_1; the java engine multiplies F32, F16, Q8_0, Q4_0,"
                + " Q4_K, Q5_K and Q6_K weights (requantise with llama-quantize --allow-requantize in.gguf out.gguf"
                + " Q4_K_M)", e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
