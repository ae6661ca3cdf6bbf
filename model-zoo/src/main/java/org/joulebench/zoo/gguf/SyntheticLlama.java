package org.joulebench.zoo.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes random-weight llama models of any shape as GGUF files in the layout of {@code docs/generative-models.md}:
 * matrices and embeddings drawn from N(0, 0.02), norm weights 1, a byte-level BPE vocabulary of the requested size,
 * all determined by the seed. The same seed gives the same values whatever the weight type, so F32, F16 and Q8_0
 * files of one seed differ only by rounding.
 */
public final class SyntheticLlama {

    /** Standard deviation of the random matrices and embeddings. */
    public static final double INIT_STD = 0.02;
    /** Metadata key that marks a file as random weights: its accuracy on any task is not applicable. */
    public static final String SYNTHETIC_KEY = "joulebench.synthetic";
    public static final float ROPE_FREQ_BASE = 10000f;
    public static final float RMS_EPSILON = 1e-5f;

    private SyntheticLlama() {
    }

    /**
     * A llama model's shape.
     *
     * @param layers  transformer blocks
     * @param dim     model width
     * @param heads   query heads; {@code dim / heads} must be even (RoPE rotates pairs)
     * @param kvHeads key/value heads, dividing {@code heads} ({@code = heads}: no grouped-query attention)
     * @param ffn     SwiGLU hidden width
     * @param vocab   vocabulary size, at least 257 (256 bytes and {@code <|endoftext|>})
     * @param context longest sequence, in positions
     */
    public record Shape(int layers, int dim, int heads, int kvHeads, int ffn, int vocab, int context) {

        public Shape {
            positive("layers", layers);
            positive("dim", dim);
            positive("heads", heads);
            positive("kvHeads", kvHeads);
            positive("ffn", ffn);
            positive("context", context);
            if (dim % heads != 0 || (dim / heads) % 2 != 0) {
                throw new IllegalArgumentException("dim " + dim + " must be an even multiple of heads " + heads
                        + " (head size dim/heads, rotated in pairs)");
            }
            if (heads % kvHeads != 0) {
                throw new IllegalArgumentException("kvHeads " + kvHeads + " must divide heads " + heads);
            }
            if (vocab < 257) {
                throw new IllegalArgumentException("vocab must be >= 257 (256 byte tokens and <|endoftext|>), was "
                        + vocab);
            }
        }

        /** A shape with the default SwiGLU width and no grouped-query attention. */
        public static Shape of(int layers, int dim, int heads, int vocab, int context) {
            return new Shape(layers, dim, heads, heads, defaultFfn(dim), vocab, context);
        }

        /** Llama's SwiGLU width: 8/3 of {@code dim}, rounded up to a multiple of 32. */
        public static int defaultFfn(int dim) {
            int hidden = (int) (8L * dim / 3);
            return (hidden + 31) / 32 * 32;
        }

        private static void positive(String name, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, was " + v);
            }
        }

        public int headDim() {
            return dim / heads;
        }

        /** Width of the key and value projections: {@code kvHeads * headDim}. */
        public int kvDim() {
            return kvHeads * headDim();
        }

        /** Exact number of parameters: every value of every tensor (embeddings and output counted apart). */
        public long parameters() {
            long d = dim;
            long perLayer = 2 * d + 2 * d * d + 2 * d * kvDim() + 3 * d * ffn;
            return 2 * (long) vocab * d + layers * perLayer + d;
        }

        @Override
        public String toString() {
            return "L" + layers + "-D" + dim + "-H" + heads + (kvHeads != heads ? "-KV" + kvHeads : "") + "-F" + ffn
                    + "-V" + vocab + "-C" + context;
        }
    }

    /** Shapes like real models, for scaling studies. */
    public enum Preset {
        /** Test-sized: about 120 thousand parameters. */
        TINY("tiny", new Shape(2, 64, 4, 4, 128, 288, 128), GgmlType.F32),
        /** llama2.c's stories15M shape (its 15 M count shares the embedding with the output; here they are apart). */
        STORIES_15M("15m", new Shape(6, 288, 6, 6, 768, 32000, 256), GgmlType.F32),
        /** llama2.c's stories110M shape. */
        STORIES_110M("110m", new Shape(12, 768, 12, 12, 2048, 32000, 1024), GgmlType.F32),
        /** A 1 B model with grouped-query attention (8 key/value heads), written as Q8_0: about 1.2 GB. */
        LLAMA_1B("1b", new Shape(16, 2048, 32, 8, 8192, 32000, 2048), GgmlType.Q8_0);

        private final String id;
        private final Shape shape;
        private final GgmlType weightType;

        Preset(String id, Shape shape, GgmlType weightType) {
            this.id = id;
            this.shape = shape;
            this.weightType = weightType;
        }

        public String id() {
            return id;
        }

        public Shape shape() {
            return shape;
        }

        /** The weight type this preset is written with by default. */
        public GgmlType weightType() {
            return weightType;
        }

        public static Preset of(String id) {
            for (Preset p : values()) {
                if (p.id.equals(id.toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown preset '" + id + "'; presets are "
                    + Arrays.stream(values()).map(Preset::id).toList());
        }
    }

    /**
     * About how many bytes {@link #write(Path, Shape, GgmlType, long)} writes for this shape and type, without
     * writing or building anything: the tensors' data exactly (with their alignment), the tensor directory, and the
     * vocabulary's metadata from a per-token allowance. A double, so that absurd shapes give a large number rather
     * than an overflow. Meant for checking free space before writing; within a few percent for real shapes.
     */
    public static double estimatedFileBytes(Shape s, GgmlType type) {
        int align = GgufFile.DEFAULT_ALIGNMENT;
        double d = s.dim();
        double perValue = (double) type.blockBytes() / type.blockSize();
        double data = 0;
        int tensors = 0;
        // token_embd and output: dim × vocab each
        data += 2 * (d * s.vocab() * perValue + align);
        tensors += 2;
        // per layer: two F32 norms, q and output (dim × dim), k and v (dim × kvDim), gate, up, down (dim × ffn)
        double perLayer = 2 * (d * 4 + align) + 2 * (d * d * perValue + align) + 2 * (d * s.kvDim() * perValue + align)
                + 3 * (d * s.ffn() * perValue + align);
        data += (double) s.layers() * perLayer;
        tensors += 9 * s.layers();
        data += d * 4 + align; // output_norm
        tensors += 1;
        double directory = tensors * 80.0; // name, rank, dims, type, offset
        // tokens (8-byte length + a few UTF-8 bytes), their types (4 bytes), merges (8-byte length + "a b")
        double vocabulary = s.vocab() * 48.0;
        return 4096 + directory + vocabulary + data;
    }

    /** Writes the preset with its default weight type. */
    public static void write(Path file, Preset preset, long seed) throws IOException {
        write(file, "synthetic-llama-" + preset.id(), preset.shape(), preset.weightType(), seed, Vocabulary.GPT2, null);
    }

    /** Writes a random-weight model of {@code shape} with matrices of {@code weightType} (any type Joulebench writes). */
    public static void write(Path file, Shape shape, GgmlType weightType, long seed) throws IOException {
        write(file, "synthetic-llama-" + shape, shape, weightType, seed, Vocabulary.GPT2, null);
    }

    /** The tokenizer a synthetic model is written with. */
    public enum Vocabulary {
        /** Byte-level BPE ({@code tokenizer.ggml.model = gpt2}, pre-tokenizer {@code gpt-2}), no BOS: the default. */
        GPT2,
        /** SentencePiece ({@code llama}) with scores and byte fallback, BOS and a leading space, as Llama 2's. */
        SPM,
        /** The byte-level BPE vocabulary with Llama 3's pre-tokenizer ({@code llama-bpe}) and BOS, as Llama 3's. */
        BPE_LLAMA3,
        /** The byte-level BPE vocabulary with Qwen 2's pre-tokenizer ({@code qwen2}), no BOS. */
        BPE_QWEN2,
        /** The byte-level BPE vocabulary with SmolLM's pre-tokenizer ({@code smollm}, StarCoder's), no BOS. */
        BPE_SMOLLM
    }

    /** Writes a random-weight model of {@code shape} with {@code vocabulary}'s tokenizer. */
    public static void write(Path file, Shape shape, GgmlType weightType, long seed, Vocabulary vocabulary)
            throws IOException {
        write(file, "synthetic-llama-" + shape, shape, weightType, seed, vocabulary, null);
    }

    /**
     * Writes a random-weight model of {@code shape} with the byte-level BPE vocabulary, no BOS, and {@code pre} as
     * its pre-tokenizer's name ({@code tokenizer.ggml.pre}), whatever that is: for tests of pre-tokenizers.
     */
    public static void writeBpe(Path file, Shape shape, GgmlType weightType, long seed, String pre)
            throws IOException {
        write(file, "synthetic-llama-" + shape, shape, weightType, seed, Vocabulary.GPT2, pre);
    }

    /**
     * Throws, saying why, unless {@code shape}'s matrices can be written as {@code type}: a type Joulebench writes, and
     * rows (dim and ffn) that are whole numbers of its blocks (32 values, or 256 for the K-quants).
     */
    public static void requireWritable(Shape s, GgmlType type) {
        type.requireSupported();
        if (s.dim() % type.blockSize() != 0 || s.ffn() % type.blockSize() != 0) {
            throw new IllegalArgumentException(type + " stores rows in blocks of " + type.blockSize() + "; dim "
                    + s.dim() + " and ffn " + s.ffn() + " must both be multiples of it"
                    + (type.blockSize() == QuantBlocks.QK_K ? " (the 110m and 1b presets are)" : ""));
        }
    }

    private static void write(Path file, String name, Shape s, GgmlType type, long seed, Vocabulary vocabulary,
                              String preName) throws IOException {
        requireWritable(s, type);
        SyntheticVocab vocab = vocabulary != Vocabulary.SPM ? SyntheticVocab.build(s.vocab()) : null;
        String pre = preName != null ? preName : switch (vocabulary) {
            case BPE_LLAMA3 -> "llama-bpe";
            case BPE_QWEN2 -> "qwen2";
            case BPE_SMOLLM -> "smollm";
            default -> "gpt-2";
        };
        SyntheticSpmVocab spm = vocabulary == Vocabulary.SPM ? SyntheticSpmVocab.build(s.vocab()) : null;
        GgufWriter w = new GgufWriter()
                .put("general.architecture", GgufValue.string("llama"))
                .put("general.name", GgufValue.string(name))
                .put("general.license", GgufValue.string("CC0-1.0"))
                .put("general.description", GgufValue.string("Random weights for energy benchmarks, not trained: "
                        + "matrices and embeddings N(0, " + INIT_STD + "), norm weights 1, seed " + seed + "; "
                        + (vocab != null ? "byte-level BPE with " + vocab.merges.size() + " merges"
                        : "SentencePiece pieces") + " from Joulebench's built-in text. "
                        + s.parameters() + " parameters."))
                .put("general.file_type", GgufValue.uint32(fileType(type)))
                .put(SYNTHETIC_KEY, GgufValue.bool(true))
                .put("llama.context_length", GgufValue.uint32(s.context()))
                .put("llama.embedding_length", GgufValue.uint32(s.dim()))
                .put("llama.block_count", GgufValue.uint32(s.layers()))
                .put("llama.feed_forward_length", GgufValue.uint32(s.ffn()))
                .put("llama.attention.head_count", GgufValue.uint32(s.heads()))
                .put("llama.attention.head_count_kv", GgufValue.uint32(s.kvHeads()))
                .put("llama.rope.dimension_count", GgufValue.uint32(s.headDim()))
                .put("llama.rope.freq_base", GgufValue.float32(ROPE_FREQ_BASE))
                .put("llama.attention.layer_norm_rms_epsilon", GgufValue.float32(RMS_EPSILON))
                .put("llama.vocab_size", GgufValue.uint32(s.vocab()));
        if (vocab != null) {
            w.put("tokenizer.ggml.model", GgufValue.string("gpt2"))
                    .put("tokenizer.ggml.pre", GgufValue.string(pre))
                    .put("tokenizer.ggml.tokens", GgufValue.strings(vocab.tokens))
                    .put("tokenizer.ggml.token_type", GgufValue.int32s(vocab.types))
                    .put("tokenizer.ggml.merges", GgufValue.strings(vocab.merges))
                    .put("tokenizer.ggml.bos_token_id", GgufValue.uint32(vocab.eos))
                    .put("tokenizer.ggml.eos_token_id", GgufValue.uint32(vocab.eos))
                    .put("tokenizer.ggml.add_bos_token", GgufValue.bool(vocabulary == Vocabulary.BPE_LLAMA3));
        } else {
            List<GgufValue> scores = new ArrayList<>();
            for (float f : spm.scores) {
                scores.add(GgufValue.float32(f));
            }
            w.put("tokenizer.ggml.model", GgufValue.string("llama"))
                    .put("tokenizer.ggml.tokens", GgufValue.strings(spm.tokens))
                    .put("tokenizer.ggml.scores", GgufValue.array(GgufValueType.FLOAT32, scores))
                    .put("tokenizer.ggml.token_type", GgufValue.int32s(spm.types))
                    .put("tokenizer.ggml.unknown_token_id", GgufValue.uint32(SyntheticSpmVocab.UNK))
                    .put("tokenizer.ggml.bos_token_id", GgufValue.uint32(SyntheticSpmVocab.BOS))
                    .put("tokenizer.ggml.eos_token_id", GgufValue.uint32(SyntheticSpmVocab.EOS))
                    .put("tokenizer.ggml.add_bos_token", GgufValue.bool(true))
                    .put("tokenizer.ggml.add_space_prefix", GgufValue.bool(true));
        }


        long d = s.dim();
        w.tensor("token_embd.weight", type, new long[] {d, s.vocab()}, random(seed, "token_embd.weight"));
        for (int l = 0; l < s.layers(); l++) {
            String p = "blk." + l + ".";
            w.tensor(p + "attn_norm.weight", GgmlType.F32, new long[] {d}, ones());
            w.tensor(p + "attn_q.weight", type, new long[] {d, d}, random(seed, p + "attn_q.weight"));
            w.tensor(p + "attn_k.weight", type, new long[] {d, s.kvDim()}, random(seed, p + "attn_k.weight"));
            w.tensor(p + "attn_v.weight", type, new long[] {d, s.kvDim()}, random(seed, p + "attn_v.weight"));
            w.tensor(p + "attn_output.weight", type, new long[] {d, d}, random(seed, p + "attn_output.weight"));
            w.tensor(p + "ffn_norm.weight", GgmlType.F32, new long[] {d}, ones());
            w.tensor(p + "ffn_gate.weight", type, new long[] {d, s.ffn()}, random(seed, p + "ffn_gate.weight"));
            w.tensor(p + "ffn_up.weight", type, new long[] {d, s.ffn()}, random(seed, p + "ffn_up.weight"));
            w.tensor(p + "ffn_down.weight", type, new long[] {s.ffn(), d}, random(seed, p + "ffn_down.weight"));
        }
        w.tensor("output_norm.weight", GgmlType.F32, new long[] {d}, ones());
        w.tensor("output.weight", type, new long[] {d, s.vocab()}, random(seed, "output.weight"));
        w.write(file);
    }

    /** llama.cpp's {@code general.file_type}: all F32, mostly F16, Q8_0, Q4_0, Q4_K_S, Q5_K_S, Q6_K. */
    static int fileType(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> 1;
            case Q8_0 -> 7;
            case Q4_0 -> 2;
            case Q4_K -> 14; // all Q4_K: llama.cpp's Q4_K_S
            case Q5_K -> 16; // Q5_K_S
            case Q6_K -> 18;
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private static GgufWriter.Rows ones() {
        return (row, values) -> Arrays.fill(values, 1f);
    }

    /** N(0, INIT_STD) values from a stream of the seed and the tensor's name; rows are asked for in order. */
    private static GgufWriter.Rows random(long seed, String tensor) {
        Gaussian g = new Gaussian(new SplittableRandom(seed ^ (tensor.hashCode() * 0x9E37_79B9_7F4A_7C15L)));
        return (row, values) -> {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (g.next() * INIT_STD);
            }
        };
    }

    /** Marsaglia's polar method, so that the values do not depend on the JDK's choice of algorithm. */
    private static final class Gaussian {
        private final SplittableRandom random;
        private double spare;
        private boolean hasSpare;

        Gaussian(SplittableRandom random) {
            this.random = random;
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double u;
            double v;
            double s;
            do {
                u = random.nextDouble() * 2 - 1;
                v = random.nextDouble() * 2 - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double m = Math.sqrt(-2 * Math.log(s) / s);
            spare = v * m;
            hasSpare = true;
            return u * m;
        }
    }
}
