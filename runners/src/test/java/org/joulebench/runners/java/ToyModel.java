package org.joulebench.runners.java;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufValue;
import org.joulebench.zoo.gguf.GgufWriter;

/**
 * A llama model with explicit weights and a byte-only vocabulary (256 bytes and {@code <|endoftext|>}), and a
 * straightforward double-precision implementation of docs/generative-models.md to check the engine against.
 */
final class ToyModel {

    final int layers;
    final int dim;
    final int heads;
    final int kvHeads;
    final int ffn;
    final int context;
    final int vocab = 257;
    final float base = 10000f;
    final float eps = 1e-5f;
    final float[] embd;
    final float[][] attnNorm;
    final float[][] wq;
    final float[][] wk;
    final float[][] wv;
    final float[][] wo;
    final float[][] ffnNorm;
    final float[][] gate;
    final float[][] up;
    final float[][] down;
    final float[] outNorm;
    final float[] out;
    int eos = 256;

    private ToyModel(int layers, int dim, int heads, int kvHeads, int ffn, int context, Random r, double scale) {
        this.layers = layers;
        this.dim = dim;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.ffn = ffn;
        this.context = context;
        int kvDim = kvHeads * (dim / heads);
        embd = uniform(r, vocab * dim, scale);
        attnNorm = new float[layers][];
        wq = new float[layers][];
        wk = new float[layers][];
        wv = new float[layers][];
        wo = new float[layers][];
        ffnNorm = new float[layers][];
        gate = new float[layers][];
        up = new float[layers][];
        down = new float[layers][];
        for (int l = 0; l < layers; l++) {
            attnNorm[l] = norm(r, dim);
            wq[l] = uniform(r, dim * dim, scale);
            wk[l] = uniform(r, kvDim * dim, scale);
            wv[l] = uniform(r, kvDim * dim, scale);
            wo[l] = uniform(r, dim * dim, scale);
            ffnNorm[l] = norm(r, dim);
            gate[l] = uniform(r, ffn * dim, scale);
            up[l] = uniform(r, ffn * dim, scale);
            down[l] = uniform(r, dim * ffn, scale);
        }
        outNorm = norm(r, dim);
        out = uniform(r, vocab * dim, scale);
    }

    /** Weights uniform in [-scale, scale], norm weights in [0.5, 1.5]. */
    static ToyModel random(int layers, int dim, int heads, int kvHeads, int ffn, int context, long seed, double scale) {
        return new ToyModel(layers, dim, heads, kvHeads, ffn, context, new Random(seed), scale);
    }

    private static float[] uniform(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    private static float[] norm(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (0.5 + r.nextDouble());
        }
        return a;
    }

    Path write(Path file, GgmlType type) throws IOException {
        int kvDim = kvHeads * (dim / heads);
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(Gpt2Tokenizer.BYTE_TO_CHAR[b]));
        }
        tokens.add("<|endoftext|>");
        int[] types = new int[vocab];
        Arrays.fill(types, Gpt2Tokenizer.NORMAL);
        types[eos] = Gpt2Tokenizer.CONTROL;
        GgufWriter w = new GgufWriter()
                .put("general.architecture", GgufValue.string("llama"))
                .put("general.name", GgufValue.string("toy"))
                .put("llama.context_length", GgufValue.uint32(context))
                .put("llama.embedding_length", GgufValue.uint32(dim))
                .put("llama.block_count", GgufValue.uint32(layers))
                .put("llama.feed_forward_length", GgufValue.uint32(ffn))
                .put("llama.attention.head_count", GgufValue.uint32(heads))
                .put("llama.attention.head_count_kv", GgufValue.uint32(kvHeads))
                .put("llama.rope.dimension_count", GgufValue.uint32(dim / heads))
                .put("llama.rope.freq_base", GgufValue.float32(base))
                .put("llama.attention.layer_norm_rms_epsilon", GgufValue.float32(eps))
                .put("llama.vocab_size", GgufValue.uint32(vocab))
                .put("tokenizer.ggml.model", GgufValue.string("gpt2"))
                .put("tokenizer.ggml.pre", GgufValue.string("gpt-2"))
                .put("tokenizer.ggml.tokens", GgufValue.strings(tokens))
                .put("tokenizer.ggml.token_type", GgufValue.int32s(types))
                .put("tokenizer.ggml.merges", GgufValue.strings(List.of()))
                .put("tokenizer.ggml.bos_token_id", GgufValue.uint32(eos))
                .put("tokenizer.ggml.eos_token_id", GgufValue.uint32(eos))
                .put("tokenizer.ggml.add_bos_token", GgufValue.bool(false));
        w.tensor("token_embd.weight", type, new long[] {dim, vocab}, embd);
        for (int l = 0; l < layers; l++) {
            String p = "blk." + l + ".";
            w.tensor(p + "attn_norm.weight", GgmlType.F32, new long[] {dim}, attnNorm[l]);
            w.tensor(p + "attn_q.weight", type, new long[] {dim, dim}, wq[l]);
            w.tensor(p + "attn_k.weight", type, new long[] {dim, kvDim}, wk[l]);
            w.tensor(p + "attn_v.weight", type, new long[] {dim, kvDim}, wv[l]);
            w.tensor(p + "attn_output.weight", type, new long[] {dim, dim}, wo[l]);
            w.tensor(p + "ffn_norm.weight", GgmlType.F32, new long[] {dim}, ffnNorm[l]);
            w.tensor(p + "ffn_gate.weight", type, new long[] {dim, ffn}, gate[l]);
            w.tensor(p + "ffn_up.weight", type, new long[] {dim, ffn}, up[l]);
            w.tensor(p + "ffn_down.weight", type, new long[] {ffn, dim}, down[l]);
        }
        w.tensor("output_norm.weight", GgmlType.F32, new long[] {dim}, outNorm);
        w.tensor("output.weight", type, new long[] {dim, vocab}, out);
        w.write(file);
        return file;
    }

    // ---- the reference: the spec's formulas, in double, written for clarity rather than speed ----

    /** Logits after each of {@code tokens}, fed from position 0. */
    double[][] referenceLogits(int[] tokens) {
        int hd = dim / heads;
        int kvDim = kvHeads * hd;
        double[][][] keys = new double[layers][tokens.length][];
        double[][][] values = new double[layers][tokens.length][];
        double[][] logits = new double[tokens.length][];
        for (int p = 0; p < tokens.length; p++) {
            double[] x = new double[dim];
            for (int i = 0; i < dim; i++) {
                x[i] = embd[tokens[p] * dim + i];
            }
            for (int l = 0; l < layers; l++) {
                double[] xn = rms(x, attnNorm[l]);
                double[] q = rope(mul(wq[l], xn, dim), p, hd);
                keys[l][p] = rope(mul(wk[l], xn, kvDim), p, hd);
                values[l][p] = mul(wv[l], xn, kvDim);
                double[] attn = new double[dim];
                for (int h = 0; h < heads; h++) {
                    int kh = h / (heads / kvHeads);
                    double[] s = new double[p + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= p; j++) {
                        for (int i = 0; i < hd; i++) {
                            s[j] += q[h * hd + i] * keys[l][j][kh * hd + i];
                        }
                        s[j] /= Math.sqrt(hd);
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= p; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j <= p; j++) {
                        for (int i = 0; i < hd; i++) {
                            attn[h * hd + i] += s[j] / sum * values[l][j][kh * hd + i];
                        }
                    }
                }
                add(x, mul(wo[l], attn, dim));
                double[] hn = rms(x, ffnNorm[l]);
                double[] g = mul(gate[l], hn, ffn);
                double[] u = mul(up[l], hn, ffn);
                double[] act = new double[ffn];
                for (int i = 0; i < ffn; i++) {
                    act[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
                }
                add(x, mul(down[l], act, dim));
            }
            logits[p] = mul(out, rms(x, outNorm), vocab);
        }
        return logits;
    }

    private double[] rms(double[] x, float[] w) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double scale = 1 / Math.sqrt(ss / x.length + eps);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * scale * w[i];
        }
        return y;
    }

    /** {@code W·x} with {@code W} row-major {@code [rows][x.length]}. */
    private static double[] mul(float[] w, double[] x, int rows) {
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < x.length; c++) {
                y[r] += w[r * x.length + c] * x[c];
            }
        }
        return y;
    }

    /** Rotates pairs (2i, 2i+1) of each head by {@code p · base^(-2i/hd)}. */
    private double[] rope(double[] v, int p, int hd) {
        double[] y = v.clone();
        for (int h = 0; h < v.length / hd; h++) {
            for (int i = 0; i < hd / 2; i++) {
                double theta = p * Math.pow(base, -2.0 * i / hd);
                double x0 = v[h * hd + 2 * i];
                double x1 = v[h * hd + 2 * i + 1];
                y[h * hd + 2 * i] = x0 * Math.cos(theta) - x1 * Math.sin(theta);
                y[h * hd + 2 * i + 1] = x0 * Math.sin(theta) + x1 * Math.cos(theta);
            }
        }
        return y;
    }

    private static void add(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }
}
