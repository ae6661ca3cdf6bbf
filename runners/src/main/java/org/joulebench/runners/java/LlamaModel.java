package org.joulebench.runners.java;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.joulebench.runners.BackendException;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufFile;
import org.joulebench.zoo.gguf.GgufTensor;
import org.joulebench.zoo.gguf.GgufValue;
import org.joulebench.zoo.gguf.GgufValueType;

/**
 * A llama GGUF file's hyper-parameters, tokenizer and weights (F32 and F16 matrices decoded onto the heap, Q8_0 ones
 * left in the mapped file; see {@link Matrix}).
 */
final class LlamaModel {

    /** The shape and constants of the network. */
    record Hparams(int dim, int layers, int heads, int kvHeads, int ffn, int vocab, int context, float ropeBase,
                   float eps) {

        int headDim() {
            return dim / heads;
        }

        int kvDim() {
            return kvHeads * headDim();
        }
    }

    record Layer(float[] attnNorm, Matrix wq, Matrix wk, Matrix wv, Matrix wo, float[] ffnNorm, Matrix gate,
                 Matrix up, Matrix down) {
    }

    final Hparams h;
    final Tokenizer tokenizer;
    final Matrix tokenEmbd;
    final Layer[] layers;
    final float[] outputNorm;
    final Matrix output;

    private LlamaModel(Hparams h, Tokenizer tokenizer, Matrix tokenEmbd, Layer[] layers, float[] outputNorm,
                       Matrix output) {
        this.h = h;
        this.tokenizer = tokenizer;
        this.tokenEmbd = tokenEmbd;
        this.layers = layers;
        this.outputNorm = outputNorm;
        this.output = output;
    }

    /** Whether any matrix is of a type the Vector API kernels multiply (Q8_0 and the K-quants). */
    boolean hasVectorKernels() {
        java.util.Set<GgmlType> vector = java.util.EnumSet.of(GgmlType.Q8_0, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K);
        if (vector.contains(output.type)) {
            return true;
        }
        for (Layer l : layers) {
            for (Matrix m : List.of(l.wq(), l.wk(), l.wv(), l.wo(), l.gate(), l.up(), l.down())) {
                if (vector.contains(m.type)) {
                    return true;
                }
            }
        }
        return false;
    }

    static LlamaModel load(GgufFile f) throws BackendException {
        return new Loader(f).load();
    }

    /** Reads one file, every complaint naming it. */
    private static final class Loader {
        private static final String SPEC = "; the java engine reads llama GGUF files laid out as"
                + " docs/generative-models.md describes";
        private final GgufFile f;

        Loader(GgufFile f) {
            this.f = f;
        }

        private BackendException error(String problem) {
            return new BackendException(f.path() + ": " + problem);
        }

        LlamaModel load() throws BackendException {
            String arch = string("general.architecture");
            if (!arch.equals("llama")) {
                throw error("architecture '" + arch + "' is not supported by the java engine, which runs llama");
            }
            int dim = u32("llama.embedding_length");
            int heads = u32("llama.attention.head_count");
            int kvHeads = optional("llama.attention.head_count_kv").isPresent()
                    ? u32("llama.attention.head_count_kv") : heads;
            if (dim % heads != 0 || heads % kvHeads != 0 || (dim / heads) % 2 != 0) {
                throw error("llama.embedding_length " + dim + ", head_count " + heads + " and head_count_kv "
                        + kvHeads + " do not make even heads shared by whole groups");
            }
            int rope = optional("llama.rope.dimension_count").isPresent()
                    ? u32("llama.rope.dimension_count") : dim / heads;
            if (rope != dim / heads) {
                throw error("llama.rope.dimension_count is " + rope + ", but the java engine rotates whole heads of "
                        + dim / heads);
            }
            List<String> tokens = strings("tokenizer.ggml.tokens");
            Hparams h = new Hparams(dim, u32("llama.block_count"), heads, kvHeads, u32("llama.feed_forward_length"),
                    optional("llama.vocab_size").isPresent() ? u32("llama.vocab_size") : tokens.size(),
                    u32("llama.context_length"),
                    optional("llama.rope.freq_base").isPresent() ? f32("llama.rope.freq_base") : 10000f,
                    f32("llama.attention.layer_norm_rms_epsilon"));
            if (tokens.size() != h.vocab()) {
                throw error("tokenizer.ggml.tokens has " + tokens.size() + " tokens, llama.vocab_size says "
                        + h.vocab());
            }
            Tokenizer tokenizer = tokenizer(tokens);

            Matrix embd = matrix("token_embd.weight", h.dim(), h.vocab());
            Layer[] layers = new Layer[h.layers()];
            for (int l = 0; l < layers.length; l++) {
                String p = "blk." + l + ".";
                layers[l] = new Layer(
                        vector(p + "attn_norm.weight", dim),
                        matrix(p + "attn_q.weight", dim, dim),
                        matrix(p + "attn_k.weight", dim, h.kvDim()),
                        matrix(p + "attn_v.weight", dim, h.kvDim()),
                        matrix(p + "attn_output.weight", dim, dim),
                        vector(p + "ffn_norm.weight", dim),
                        matrix(p + "ffn_gate.weight", dim, h.ffn()),
                        matrix(p + "ffn_up.weight", dim, h.ffn()),
                        matrix(p + "ffn_down.weight", h.ffn(), dim));
            }
            float[] outputNorm = vector("output_norm.weight", dim);
            // Without output.weight the embedding is tied to the output, as llama.cpp does.
            Matrix output = f.tensor("output.weight").isPresent() ? matrix("output.weight", dim, h.vocab()) : embd;
            return new LlamaModel(h, tokenizer, embd, layers, outputNorm, output);
        }

        private Tokenizer tokenizer(List<String> tokens) throws BackendException {
            String model = string("tokenizer.ggml.model");
            if (model.equals("llama")) {
                return spm(tokens);
            }
            if (!model.equals("gpt2")) {
                throw error("tokenizer.ggml.model is '" + model + "'; the java engine tokenises byte-level BPE"
                        + " ('gpt2') and SentencePiece ('llama') (run it on --backend llamacpp)");
            }
            String preName = optional("tokenizer.ggml.pre").map(v -> v.type() == GgufValueType.STRING
                    ? v.asString() : "").orElse("(missing)");
            Gpt2Tokenizer.Pre pre = Gpt2Tokenizer.Pre.named(preName).orElseThrow(() -> error("tokenizer.ggml.pre is '"
                    + preName + "'; the java engine implements the pre-tokenizers " + Gpt2Tokenizer.Pre.known()
                    + " (run it on --backend llamacpp)"));
            List<String> merges = optional("tokenizer.ggml.merges").isPresent()
                    ? strings("tokenizer.ggml.merges") : List.of();
            int[] types = types(tokens);
            GgufValue eosValue = required("tokenizer.ggml.eos_token_id");
            long eos = eosValue.type().isInteger() ? eosValue.asLong() : -1;
            if (eos < 0 || eos >= tokens.size()) {
                throw error("tokenizer.ggml.eos_token_id " + eosValue + " is not a token id (" + tokens.size()
                        + " tokens)");
            }
            boolean addBos = flag("tokenizer.ggml.add_bos_token", pre.bosByDefault);
            int bos = addBos ? id("tokenizer.ggml.bos_token_id", (int) eos, tokens) : -1;
            return new Gpt2Tokenizer(tokens, merges, types, (int) eos, bos, pre);
        }

        /** SentencePiece: scores required; ids and flags default as llama.cpp's (unk 0, bos 1, eos 2, both on). */
        private Tokenizer spm(List<String> tokens) throws BackendException {
            List<GgufValue> list = required("tokenizer.ggml.scores").asArray();
            if (list.size() != tokens.size()) {
                throw error("tokenizer.ggml.scores has " + list.size() + " entries for " + tokens.size() + " tokens");
            }
            float[] scores = new float[list.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = (float) list.get(i).asDouble();
            }
            int[] types = types(tokens);
            SpmTokenizer t = new SpmTokenizer(tokens, scores, types, id("tokenizer.ggml.bos_token_id", 1, tokens),
                    id("tokenizer.ggml.eos_token_id", 2, tokens), id("tokenizer.ggml.unknown_token_id", 0, tokens),
                    flag("tokenizer.ggml.add_bos_token", true), flag("tokenizer.ggml.add_space_prefix", true));
            if (!t.coversEveryByte()) {
                throw error("its SentencePiece vocabulary has neither byte tokens (<0x00>…<0xFF>) nor an unknown"
                        + " token, so some text cannot be encoded");
            }
            return t;
        }

        private int id(String key, int fallback, List<String> tokens) throws BackendException {
            Optional<GgufValue> v = optional(key);
            long id = v.isEmpty() ? fallback : v.get().type().isInteger() ? v.get().asLong() : -1;
            if (id < 0 || id >= tokens.size()) {
                throw error(key + " " + v.map(Object::toString).orElse(String.valueOf(fallback)) + " is not a token"
                        + " id (" + tokens.size() + " tokens)");
            }
            return (int) id;
        }

        private boolean flag(String key, boolean fallback) {
            return optional(key).map(v -> v.type() == GgufValueType.BOOL ? v.asBoolean() : fallback).orElse(fallback);
        }

        private int[] types(List<String> tokens) throws BackendException {
            int[] types = new int[tokens.size()];
            Arrays.fill(types, Gpt2Tokenizer.NORMAL);
            Optional<GgufValue> t = optional("tokenizer.ggml.token_type");
            if (t.isPresent()) {
                List<GgufValue> list = t.get().asArray();
                if (list.size() != tokens.size()) {
                    throw error("tokenizer.ggml.token_type has " + list.size() + " entries for " + tokens.size()
                            + " tokens");
                }
                for (int i = 0; i < types.length; i++) {
                    types[i] = (int) list.get(i).asLong();
                }
            }
            return types;
        }

        private Optional<GgufValue> optional(String key) {
            return f.get(key);
        }

        private GgufValue required(String key) throws BackendException {
            return f.get(key).orElseThrow(() -> error("metadata " + key + " is missing" + SPEC));
        }

        private String string(String key) throws BackendException {
            GgufValue v = required(key);
            if (v.type() != GgufValueType.STRING) {
                throw error(key + " should be a string, is " + v);
            }
            return v.asString();
        }

        private List<String> strings(String key) throws BackendException {
            try {
                return required(key).asStrings();
            } catch (IllegalStateException e) {
                throw error(key + ": " + e.getMessage());
            }
        }

        private int u32(String key) throws BackendException {
            GgufValue v = required(key);
            if (!v.type().isInteger() || v.asLong() < 1 || v.asLong() > Integer.MAX_VALUE) {
                throw error(key + " should be a positive integer, is " + v);
            }
            return (int) v.asLong();
        }

        private float f32(String key) throws BackendException {
            GgufValue v = required(key);
            try {
                return (float) v.asDouble();
            } catch (IllegalStateException e) {
                throw error(key + " should be a float, is " + v);
            }
        }

        private GgufTensor tensor(String name, long... dims) throws BackendException {
            GgufTensor t = f.tensor(name).orElseThrow(() -> error("tensor " + name + " is missing" + SPEC));
            if (!Arrays.equals(t.dims(), dims)) {
                throw error("tensor " + name + " has shape " + Arrays.toString(t.dims()) + ", the hyper-parameters"
                        + " make it " + Arrays.toString(dims));
            }
            return t;
        }

        private void nonFinite(String name, long count) throws BackendException {
            if (count > 0) {
                throw new BackendException(f.path() + ": tensor " + name + " holds " + count + " weight"
                        + (count == 1 ? "" : "s") + " (or block scales) that are NaN or infinite: the file is"
                        + " corrupt or was written wrong; the model cannot compute anything from it (write it"
                        + " again, e.g. `joulebench zoo synth`, or take the file from its source)");
            }
        }

        private static final java.util.Set<GgmlType> MULTIPLIES = java.util.EnumSet.of(GgmlType.F32, GgmlType.F16,
                GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K);

        private Matrix matrix(String name, int cols, int rows) throws BackendException {
            GgufTensor t = tensor(name, cols, rows);
            if (!MULTIPLIES.contains(t.type())) {
                throw error("tensor " + name + " is " + t.type() + "; the java engine multiplies F32, F16, Q8_0, Q4_0,"
                        + " Q4_K, Q5_K and Q6_K weights (requantise with llama-quantize --allow-requantize in.gguf"
                        + " out.gguf Q4_K_M)");
            }
            if (t.type().blockSize() > 1 && cols % t.type().blockSize() != 0) {
                throw error("tensor " + name + " is " + t.type() + " with rows of " + cols + " values, not a whole"
                        + " number of its blocks of " + t.type().blockSize());
            }
            try {
                // quantised types are held on the heap (Matrix): read there, rather than map the file and copy its pages
                java.nio.ByteBuffer data = t.type().blockSize() > 1 ? f.read(t) : f.data(t);
                nonFinite(name, NonFinite.count(t.type(), data));
                return Matrix.of(name, t.type(), rows, cols, data);
            } catch (OutOfMemoryError e) {
                throw error("tensor " + name + " (" + t.type() + ", " + (t.byteSize() >> 20) + " MiB) does not fit the"
                        + " Java heap, where the java engine holds Q8_0 weights (still quantised); raise the heap, e.g."
                        + " JOULEBENCH_JAVA_OPTS=-Xmx16g, or run the model on --backend llamacpp");
            } catch (IOException e) {
                throw new BackendException(f.path() + ": cannot map tensor " + name + ": " + e.getMessage(), e);
            }
        }

        private float[] vector(String name, int n) throws BackendException {
            GgufTensor t = tensor(name, n);
            try {
                float[] values = f.readFloats(t);
                nonFinite(name, NonFinite.count(values));
                return values;
            } catch (IOException | UnsupportedOperationException e) {
                throw new BackendException(f.path() + ": cannot read tensor " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
