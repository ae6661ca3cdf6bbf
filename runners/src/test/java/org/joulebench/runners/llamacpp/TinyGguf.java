package org.joulebench.runners.llamacpp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A test-only writer of tiny random-weight llama GGUF files laid out as docs/generative-models.md says
 * (version 3, alignment 32, F32 tensors, byte-level BPE tokenizer with a few merges). Stands in until the
 * zoo's {@code GgufWriter} lands; it writes only what these tests need.
 */
final class TinyGguf {

    /** The merges, in rank order; with them "hello world" encodes as [hello, Ġworld]. */
    static final List<String> MERGES = List.of("h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "l d",
            "Ġwor ld");
    static final int HELLO = 256 + 3;
    static final int SPACE_WORLD = 256 + 8;
    static final int VOCAB = 256 + MERGES.size() + 1;
    static final int END_OF_TEXT = VOCAB - 1;

    private static final int ALIGNMENT = 32;
    private static final int T_U32 = 4;
    private static final int T_F32 = 6;
    private static final int T_BOOL = 7;
    private static final int T_STRING = 8;
    private static final int T_ARRAY = 9;
    private static final int T_I32 = 5;

    /** Shape of a model. */
    record Shape(int dim, int layers, int heads, int ffn, int context) {
        static final Shape TINY = new Shape(32, 2, 4, 64, 256);
    }

    private TinyGguf() {
    }

    /** Writes a random-weight model of {@code shape} from {@code seed} to {@code file}. */
    static Path write(Path file, Shape shape, long seed) throws IOException {
        Map<String, Object[]> kv = new LinkedHashMap<>();
        kv.put("general.architecture", str("llama"));
        kv.put("general.name", str("tiny-test"));
        kv.put("general.license", str("CC0-1.0"));
        kv.put("general.description", str("random weights for tests, seed " + seed));
        kv.put("llama.context_length", u32(shape.context()));
        kv.put("llama.embedding_length", u32(shape.dim()));
        kv.put("llama.block_count", u32(shape.layers()));
        kv.put("llama.feed_forward_length", u32(shape.ffn()));
        kv.put("llama.attention.head_count", u32(shape.heads()));
        kv.put("llama.attention.head_count_kv", u32(shape.heads()));
        kv.put("llama.rope.dimension_count", u32(shape.dim() / shape.heads()));
        kv.put("llama.rope.freq_base", f32(10000f));
        kv.put("llama.attention.layer_norm_rms_epsilon", f32(1e-5f));
        kv.put("llama.vocab_size", u32(VOCAB));
        kv.put("tokenizer.ggml.model", str("gpt2"));
        kv.put("tokenizer.ggml.pre", str("gpt-2"));
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(byteToUnicode(b));
        }
        for (String merge : MERGES) {
            tokens.add(merge.replace(" ", ""));
        }
        tokens.add("<|endoftext|>");
        kv.put("tokenizer.ggml.tokens", new Object[] {T_ARRAY, T_STRING, tokens});
        kv.put("tokenizer.ggml.merges", new Object[] {T_ARRAY, T_STRING, MERGES});
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < VOCAB; i++) {
            types.add(i == END_OF_TEXT ? 3 : 1);
        }
        kv.put("tokenizer.ggml.token_type", new Object[] {T_ARRAY, T_I32, types});
        kv.put("tokenizer.ggml.bos_token_id", u32(END_OF_TEXT));
        kv.put("tokenizer.ggml.eos_token_id", u32(END_OF_TEXT));
        kv.put("tokenizer.ggml.add_bos_token", new Object[] {T_BOOL, false});

        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        int d = shape.dim();
        matrix(tensors, shapes, "token_embd.weight", d, VOCAB, 1.0, random);
        for (int l = 0; l < shape.layers(); l++) {
            String p = "blk." + l + ".";
            norm(tensors, shapes, p + "attn_norm.weight", d);
            for (String m : List.of("attn_q", "attn_k", "attn_v", "attn_output")) {
                matrix(tensors, shapes, p + m + ".weight", d, d, 1 / Math.sqrt(d), random);
            }
            norm(tensors, shapes, p + "ffn_norm.weight", d);
            matrix(tensors, shapes, p + "ffn_gate.weight", d, shape.ffn(), 1 / Math.sqrt(d), random);
            matrix(tensors, shapes, p + "ffn_up.weight", d, shape.ffn(), 1 / Math.sqrt(d), random);
            matrix(tensors, shapes, p + "ffn_down.weight", shape.ffn(), d, 1 / Math.sqrt(shape.ffn()), random);
        }
        norm(tensors, shapes, "output_norm.weight", d);
        matrix(tensors, shapes, "output.weight", d, VOCAB, 1 / Math.sqrt(d), random);

        Out out = new Out();
        out.raw("GGUF".getBytes(StandardCharsets.US_ASCII));
        out.u32(3);
        out.u64(tensors.size());
        out.u64(kv.size());
        kv.forEach((key, value) -> {
            out.string(key);
            out.value(value);
        });
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            out.string(e.getKey());
            out.u32(e.getValue().length);
            for (long dimension : e.getValue()) {
                out.u64(dimension);
            }
            out.u32(0); // F32
            out.u64(offset);
            offset = align(offset + 4L * tensors.get(e.getKey()).length);
        }
        out.pad();
        for (float[] data : tensors.values()) {
            ByteBuffer buffer = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : data) {
                buffer.putFloat(v);
            }
            out.raw(buffer.array());
            out.pad();
        }
        Files.write(file, out.bytes.toByteArray());
        return file;
    }

    /** GPT-2's bytes-to-unicode map: printable bytes stand for themselves, the rest map to U+0100 onward. */
    static String byteToUnicode(int b) {
        if ((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF)) {
            return String.valueOf((char) b);
        }
        int n = 0;
        for (int i = 0; i < b; i++) {
            if (!((i >= '!' && i <= '~') || (i >= 0xA1 && i <= 0xAC) || (i >= 0xAE && i <= 0xFF))) {
                n++;
            }
        }
        return String.valueOf((char) (256 + n));
    }

    private static void matrix(Map<String, float[]> tensors, Map<String, long[]> shapes, String name, int ne0,
                               int ne1, double scale, SplittableRandom random) {
        float[] data = new float[ne0 * ne1];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) ((random.nextDouble() * 2 - 1) * Math.sqrt(3) * scale);
        }
        tensors.put(name, data);
        shapes.put(name, new long[] {ne0, ne1});
    }

    private static void norm(Map<String, float[]> tensors, Map<String, long[]> shapes, String name, int dim) {
        float[] data = new float[dim];
        java.util.Arrays.fill(data, 1f);
        tensors.put(name, data);
        shapes.put(name, new long[] {dim});
    }

    private static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static Object[] str(String s) {
        return new Object[] {T_STRING, s};
    }

    private static Object[] u32(int v) {
        return new Object[] {T_U32, v};
    }

    private static Object[] f32(float v) {
        return new Object[] {T_F32, v};
    }

    private static final class Out {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void raw(byte[] b) {
            bytes.write(b, 0, b.length);
        }

        void u32(int v) {
            raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
        }

        void u64(long v) {
            raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            raw(b);
        }

        void pad() {
            while (bytes.size() % ALIGNMENT != 0) {
                bytes.write(0);
            }
        }

        @SuppressWarnings("unchecked")
        void value(Object[] typed) {
            int type = (Integer) typed[0];
            u32(type);
            switch (type) {
                case T_STRING -> string((String) typed[1]);
                case T_U32, T_I32 -> u32((Integer) typed[1]);
                case T_F32 -> u32(Float.floatToIntBits((Float) typed[1]));
                case T_BOOL -> bytes.write((Boolean) typed[1] ? 1 : 0);
                case T_ARRAY -> {
                    int elementType = (Integer) typed[1];
                    List<Object> items = (List<Object>) typed[2];
                    u32(elementType);
                    u64(items.size());
                    for (Object item : items) {
                        if (elementType == T_STRING) {
                            string((String) item);
                        } else {
                            u32((Integer) item);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("type " + type);
            }
        }
    }
}
