package org.joulebench.runners.java;

import java.util.Arrays;

import org.joulebench.runners.java.LlamaModel.Hparams;
import org.joulebench.runners.java.LlamaModel.Layer;
import org.joulebench.zoo.gguf.Half;

/**
 * The llama network over a key/value cache, a batch of up to {@link #BATCH} tokens at a time:
 * {@code h = x + Wo·attn(RoPE(Wq·rms(x)), RoPE(Wk·rms(x)), Wv·rms(x))},
 * {@code out = h + Wdown·(silu(Wgate·rms(h)) ⊙ Wup·rms(h))}, logits {@code = output · rms(x_L)}.
 *
 * <p>The arithmetic follows ggml's CPU backend so that greedy tokens agree with llama.cpp: matrix inputs are
 * converted to the weights' dot type ({@link Activations}); RMSNorm sums squares in double; RoPE rotates adjacent
 * pairs with angles {@code pos · base^(-2i/headDim)} built by repeated float multiplication; the key/value cache
 * holds half-precision values (llama.cpp's default F16 cache), so queries and attention weights are rounded to half
 * precision where they meet it. With {@code f16Cache} false everything stays in float.
 *
 * <p>One exception, for speed: a prefill batch (several tokens of one sequence) multiplies quantised matrices on
 * their prefill path ({@link Matrix#multiplyDequantised}), the same quantised values as ggml's but multiplied in
 * floats, so its values differ from a token-at-a-time run in the last bits. A decode step, of one sequence or of
 * several ({@link #step}), never takes it.
 */
final class Forward implements AutoCloseable {

    static final int BATCH = 32;

    private final LlamaModel m;
    private final Hparams h;
    private final boolean f16Cache;
    private final Workers workers;
    private final Matrix.Scratch[] scratch;
    private final float[][] scores;

    /** Key and value caches, {@code [sequence][layer]}; sequence 0's made at once, the others when first used. */
    private float[][][] keys;
    private float[][][] values;
    /** The cache and the position of each token of the batch in flight. */
    private final int[] seqOf = new int[BATCH];
    private final int[] posOf = new int[BATCH];

    private final float[] x;
    private final Activations xb;
    private final Activations att;
    private final Activations hb;
    private final float[] q;
    private final float[] k;
    private final float[] v;
    private final float[] out;
    private final float[] up;
    private final float[] cos;
    private final float[] sin;
    /** Whether the batch in flight is a prefill batch ({@link #run}). */
    private boolean prefill;
    private final float thetaScale;
    private final float attnScale;

    private final MatmulJob matmul = new MatmulJob();
    private final AttentionJob attention = new AttentionJob();
    private final HeadsJob heads = new HeadsJob();
    private final ResidualJob residual = new ResidualJob();
    private final SwigluJob swiglu = new SwigluJob();
    /** Whether every worker gets a key/value head of its own, so that one job can run a head from q to attention. */
    private final boolean byHeads;

    Forward(LlamaModel m, int threads, boolean f16Cache) {
        this.m = m;
        this.h = m.h;
        this.f16Cache = f16Cache;
        this.workers = new Workers(threads, "joulebench-java");
        int maxCols = Math.max(h.dim(), h.ffn());
        this.scratch = new Matrix.Scratch[threads];
        this.scores = new float[threads][h.context()];
        for (int i = 0; i < threads; i++) {
            scratch[i] = new Matrix.Scratch(maxCols);
        }
        this.keys = new float[1][][];
        this.values = new float[1][][];
        keys[0] = new float[h.layers()][h.context() * h.kvDim()];
        values[0] = new float[h.layers()][h.context() * h.kvDim()];
        this.x = new float[BATCH * h.dim()];
        this.xb = new Activations(h.dim(), BATCH);
        this.att = new Activations(h.dim(), BATCH);
        this.hb = new Activations(h.ffn(), BATCH);
        this.q = new float[BATCH * h.dim()];
        this.k = new float[BATCH * h.kvDim()];
        this.v = new float[BATCH * h.kvDim()];
        this.out = new float[BATCH * h.dim()];
        this.up = new float[BATCH * h.ffn()];
        this.cos = new float[BATCH * h.headDim() / 2];
        this.sin = new float[BATCH * h.headDim() / 2];
        this.thetaScale = (float) Math.pow(h.ropeBase(), -2.0f / h.headDim());
        this.attnScale = 1.0f / (float) Math.sqrt(h.headDim());
        this.byHeads = h.kvHeads() >= threads;
    }

    Hparams hparams() {
        return h;
    }

    /**
     * Runs {@code n <= BATCH} tokens {@code tokens[off..off+n)} at positions {@code pos..pos+n)}, whose earlier
     * positions must already be in the cache, and writes the logits of tokens {@code logitsFrom..n-1} of the batch
     * to {@code logits}, one row of {@code vocab} floats each.
     */
    void forward(int[] tokens, int off, int n, int pos, int logitsFrom, float[] logits) {
        forward(tokens, off, n, 0, pos, logitsFrom, logits);
    }

    /** {@link #forward(int[], int, int, int, int, float[])} in sequence {@code seq}'s cache. */
    void forward(int[] tokens, int off, int n, int seq, int pos, int logitsFrom, float[] logits) {
        if (n < 1 || n > BATCH || pos + n > h.context()) {
            throw new IllegalArgumentException(n + " tokens at position " + pos + " do not fit a batch of " + BATCH
                    + " and a context of " + h.context());
        }
        checkSequence(seq);
        for (int t = 0; t < n; t++) {
            seqOf[t] = seq;
            posOf[t] = pos + t;
        }
        run(tokens, off, n, n > 1, logitsFrom, logits);
    }

    /**
     * One decode step of several sequences: token {@code tokens[i]} of sequence {@code seqs[i]} at position
     * {@code positions[i]} (whose earlier positions must be in that sequence's cache), for {@code i < n <= BATCH},
     * each in its own sequence; writes each one's logits to row {@code i} of {@code logits}. The weights are read
     * once for all of them, and every sequence's values are computed as {@link #forward} alone computes them.
     */
    void step(int[] tokens, int[] seqs, int[] positions, int n, float[] logits) {
        if (n < 1 || n > BATCH) {
            throw new IllegalArgumentException(n + " sequences do not fit a batch of " + BATCH);
        }
        for (int t = 0; t < n; t++) {
            checkSequence(seqs[t]);
            if (positions[t] < 0 || positions[t] >= h.context()) {
                throw new IllegalArgumentException("position " + positions[t] + " is outside the context of "
                        + h.context());
            }
            for (int u = 0; u < t; u++) {
                if (seqs[u] == seqs[t]) {
                    throw new IllegalArgumentException("sequence " + seqs[t] + " appears twice in one step");
                }
            }
            seqOf[t] = seqs[t];
            posOf[t] = positions[t];
        }
        run(tokens, 0, n, false, 0, logits);
    }

    /** How many sequences have a cache: 1 until {@link #sequences(int)} makes more. */
    int sequences() {
        return keys.length;
    }

    /** Makes caches for sequences up to {@code count}; throws {@link OutOfMemoryError} where the heap is short. */
    void sequences(int count) {
        if (count <= keys.length) {
            return;
        }
        float[][][] k = Arrays.copyOf(keys, count);
        float[][][] v = Arrays.copyOf(values, count);
        for (int s = keys.length; s < count; s++) {
            k[s] = new float[h.layers()][h.context() * h.kvDim()];
            v[s] = new float[h.layers()][h.context() * h.kvDim()];
        }
        keys = k;
        values = v;
    }

    private void checkSequence(int seq) {
        if (seq < 0 || seq >= keys.length) {
            throw new IllegalArgumentException("sequence " + seq + " has no cache; there are " + keys.length);
        }
    }

    /**
     * @param prefill whether the tokens are several of one sequence, which quantised matrices multiply on their
     *                prefill path ({@link Matrix#multiplyDequantised}); one token, or one of each of several
     *                sequences, takes the decode kernels
     */
    private void run(int[] tokens, int off, int n, boolean prefill, int logitsFrom, float[] logits) {
        this.prefill = prefill;
        int dim = h.dim();
        for (int t = 0; t < n; t++) {
            int token = tokens[off + t];
            if (token < 0 || token >= h.vocab()) {
                throw new IllegalArgumentException("token " + token + " is not in the vocabulary of " + h.vocab());
            }
            m.tokenEmbd.row(token, x, t * dim, scratch[0]);
        }
        ropeAngles(n);
        for (int l = 0; l < h.layers(); l++) {
            layer(l, m.layers[l], n);
        }
        int rows = n - logitsFrom;
        if (rows > 0) {
            for (int t = logitsFrom; t < n; t++) {
                rmsnorm(xb.f, (t - logitsFrom) * dim, x, t * dim, m.outputNorm, dim, h.eps());
            }
            xb.filled(rows, prefill && rows > 1);
            multiply(xb, m.output, logits, null, null, null, null);
        }
    }

    /**
     * One block, in four jobs split over the workers, each ending in a wait for all of them: the heads from their
     * projections to attention (when there are at least as many key/value heads as workers; otherwise the
     * projections, the rotation and the attention are three steps); the output projection and its residual; gate
     * and up with SwiGLU; down and its residual. Each job's rows or heads are handed out in chunks to whichever
     * worker asks next ({@link Chunks}), and the work between products runs on the chunk's own rows. Every value is
     * computed as on one thread, whatever the split.
     */
    private void layer(int l, Layer w, int n) {
        int dim = h.dim();
        for (int t = 0; t < n; t++) {
            rmsnorm(xb.f, t * dim, x, t * dim, w.attnNorm(), dim, h.eps());
        }
        xb.filled(n, prefill);
        if (byHeads) {
            prepare(xb, w.wq(), w.wk(), w.wv());
            heads.set(l, w, n);
            attention.set(l, n);
            workers.run(heads);
        } else {
            multiply(xb, w.wq(), q, w.wk(), k, w.wv(), v);
            for (int t = 0; t < n; t++) {
                headsFromProjections(l, t, 0, h.kvHeads());
            }
            attention.set(l, n);
            workers.run(attention);
        }
        att.filled(n, prefill);
        prepare(att, w.wo(), null, null);
        residual.set(att, w.wo());
        workers.run(residual);

        for (int t = 0; t < n; t++) {
            rmsnorm(xb.f, t * dim, x, t * dim, w.ffnNorm(), dim, h.eps());
        }
        xb.filled(n, prefill);
        prepare(xb, w.gate(), w.up(), null);
        swiglu.set(w.gate(), w.up());
        workers.run(swiglu);
        hb.filled(n, prefill);
        prepare(hb, w.down(), null, null);
        residual.set(hb, w.down());
        workers.run(residual);
    }

    /**
     * Token {@code t}'s key/value heads {@code [kh0, kh1)} and the query heads that share them, once projected:
     * rotated, keys and values stored in the cache, queries rounded to the cache's precision.
     */
    private void headsFromProjections(int l, int t, int kh0, int kh1) {
        int hd = h.headDim();
        int kvDim = h.kvDim();
        int group = h.heads() / h.kvHeads();
        rope(q, t * h.dim() + kh0 * group * hd, (kh1 - kh0) * group, t);
        rope(k, t * kvDim + kh0 * hd, kh1 - kh0, t);
        float[] keyCache = keys[seqOf[t]][l];
        float[] valueCache = values[seqOf[t]][l];
        int at = posOf[t] * kvDim;
        for (int i = kh0 * hd; i < kh1 * hd; i++) {
            keyCache[at + i] = f16Cache ? Half.round(k[t * kvDim + i]) : k[t * kvDim + i];
            valueCache[at + i] = f16Cache ? Half.round(v[t * kvDim + i]) : v[t * kvDim + i];
        }
        if (f16Cache) {
            int from = t * h.dim() + kh0 * group * hd;
            int to = t * h.dim() + kh1 * group * hd;
            for (int i = from; i < to; i++) {
                q[i] = Half.round(q[i]);
            }
        }
    }

    /** ggml's {@code rms_norm} then {@code mul}: {@code x / sqrt(mean(x²) + eps) * w}, squares summed in double. */
    static void rmsnorm(float[] dst, int dOff, float[] src, int sOff, float[] weight, int n, float eps) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float s = src[sOff + i];
            sum += s * s;
        }
        float mean = (float) (sum / n);
        float scale = 1.0f / (float) Math.sqrt(mean + eps);
        for (int i = 0; i < n; i++) {
            dst[dOff + i] = src[sOff + i] * scale * weight[i];
        }
    }

    /** cos and sin of {@code position · thetaScale^i} for every token, multiplied in float as ggml does. */
    private void ropeAngles(int n) {
        int half = h.headDim() / 2;
        for (int t = 0; t < n; t++) {
            float theta = posOf[t];
            for (int i = 0; i < half; i++) {
                cos[t * half + i] = (float) Math.cos(theta);
                sin[t * half + i] = (float) Math.sin(theta);
                theta *= thetaScale;
            }
        }
    }

    /** Rotates adjacent pairs {@code (2i, 2i+1)} of every head of one token's vector. */
    private void rope(float[] vec, int off, int heads, int t) {
        int hd = h.headDim();
        int half = hd / 2;
        for (int hh = 0; hh < heads; hh++) {
            int base = off + hh * hd;
            for (int i = 0; i < half; i++) {
                float c = cos[t * half + i];
                float s = sin[t * half + i];
                float x0 = vec[base + 2 * i];
                float x1 = vec[base + 2 * i + 1];
                vec[base + 2 * i] = x0 * c - x1 * s;
                vec[base + 2 * i + 1] = x0 * s + x1 * c;
            }
        }
    }

    /** Up to three products of one input, their rows handed out in chunks. */
    private void multiply(Activations in, Matrix a, float[] oa, Matrix b, float[] ob, Matrix c, float[] oc) {
        prepare(in, a, b, c);
        matmul.set(in, a, oa, b, ob, c, oc);
        workers.run(matmul);
    }

    /** Converts {@code in} to what each non-null matrix multiplies with. */
    private static void prepare(Activations in, Matrix a, Matrix b, Matrix c) {
        in.prepare(a.type);
        if (b != null && b.type != a.type) {
            in.prepare(b.type);
        }
        if (c != null && c.type != a.type && c.type != b.type) {
            in.prepare(c.type);
        }
    }

    /**
     * The size of a job's chunks ({@link Chunks}) over {@code total} items: about {@code perWorker} chunks a worker,
     * each a multiple of {@code multiple} items (a power of two).
     */
    private int chunk(int total, int perWorker, int multiple) {
        int share = (total + perWorker * workers.parts() - 1) / (perWorker * workers.parts());
        return Math.max(multiple, share + multiple - 1 & -multiple);
    }

    /** Chunks of rows: about eight a worker, a multiple of eight rows each. */
    private int rowChunk(int rows) {
        return chunk(rows, 8, 8);
    }

    /**
     * Key/value heads handed out one at a time to whichever worker asks next ({@link Chunks}); each worker projects,
     * rotates, caches and attends the heads it takes.
     */
    private final class HeadsJob implements Workers.Job {
        private final Chunks chunks = new Chunks();
        private int layer;
        private Layer w;
        private int n;

        void set(int layer, Layer w, int n) {
            this.layer = layer;
            this.w = w;
            this.n = n;
            chunks.reset(h.kvHeads(), 1);
        }

        @Override
        public void run(int part, int parts) {
            int hd = h.headDim();
            int group = h.heads() / h.kvHeads();
            Matrix.Scratch s = scratch[part];
            for (int kh0 = chunks.claim(); kh0 >= 0; kh0 = chunks.claim()) {
                int kh1 = kh0 + 1;
                w.wq().multiply(xb, q, kh0 * group * hd, kh1 * group * hd, s);
                w.wk().multiply(xb, k, kh0 * hd, kh1 * hd, s);
                w.wv().multiply(xb, v, kh0 * hd, kh1 * hd, s);
                for (int t = 0; t < n; t++) {
                    headsFromProjections(layer, t, kh0, kh1);
                }
                for (int t = 0; t < n; t++) {
                    for (int head = kh0 * group; head < kh1 * group; head++) {
                        attention.head(t, head, scores[part], s.lanes);
                    }
                }
            }
        }
    }

    /** {@code x += m · in}, the rows of {@code x} handed out in chunks. */
    private final class ResidualJob implements Workers.Job {
        private final Chunks chunks = new Chunks();
        private Activations in;
        private Matrix m;

        void set(Activations in, Matrix m) {
            this.in = in;
            this.m = m;
            chunks.reset(m.rows, rowChunk(m.rows));
        }

        @Override
        public void run(int part, int parts) {
            int dim = h.dim();
            for (int lo = chunks.claim(); lo >= 0; lo = chunks.claim()) {
                int hi = chunks.end(lo);
                m.multiply(in, out, lo, hi, scratch[part]);
                for (int t = 0; t < in.count(); t++) {
                    for (int r = lo; r < hi; r++) {
                        x[t * dim + r] += out[t * dim + r];
                    }
                }
            }
        }
    }

    /** {@code hb = silu(gate · xb) ⊙ (up · xb)}, the same rows of both handed out in chunks. */
    private final class SwigluJob implements Workers.Job {
        private final Chunks chunks = new Chunks();
        private Matrix gateW;
        private Matrix upW;

        void set(Matrix gate, Matrix up) {
            this.gateW = gate;
            this.upW = up;
            chunks.reset(gate.rows, rowChunk(gate.rows));
        }

        @Override
        public void run(int part, int parts) {
            float[] g = hb.f;
            int ffn = h.ffn();
            for (int lo = chunks.claim(); lo >= 0; lo = chunks.claim()) {
                int hi = chunks.end(lo);
                gateW.multiply(xb, g, lo, hi, scratch[part]);
                upW.multiply(xb, up, lo, hi, scratch[part]);
                for (int t = 0; t < xb.count(); t++) {
                    for (int i = t * ffn + lo; i < t * ffn + hi; i++) {
                        float v = g[i];
                        g[i] = v / (1.0f + (float) Math.exp(-v)) * up[i];
                    }
                }
            }
        }
    }

    private final class MatmulJob implements Workers.Job {
        private final Chunks chunks = new Chunks();
        private final Matrix[] ms = new Matrix[3];
        private final float[][] outs = new float[3][];
        private Activations in;
        private int count;
        private int rows;

        void set(Activations in, Matrix a, float[] oa, Matrix b, float[] ob, Matrix c, float[] oc) {
            this.in = in;
            ms[0] = a;
            outs[0] = oa;
            ms[1] = b;
            outs[1] = ob;
            ms[2] = c;
            outs[2] = oc;
            count = c != null ? 3 : b != null ? 2 : 1;
            rows = 0;
            for (int i = 0; i < count; i++) {
                rows += ms[i].rows;
            }
            chunks.reset(rows, rowChunk(rows));
        }

        /** The rows of the matrices end to end, handed out in chunks; a chunk may span two of them. */
        @Override
        public void run(int part, int parts) {
            for (int from = chunks.claim(); from >= 0; from = chunks.claim()) {
                int to = chunks.end(from);
                int base = 0;
                for (int i = 0; i < count; i++) {
                    Matrix mx = ms[i];
                    int lo = Math.max(from - base, 0);
                    int hi = Math.min(to - base, mx.rows);
                    if (lo < hi) {
                        mx.multiply(in, outs[i], lo, hi, scratch[part]);
                    }
                    base += mx.rows;
                }
            }
        }
    }

    /** Causal attention of every (token, head) of the batch, handed out in chunks. */
    private final class AttentionJob implements Workers.Job {
        private final Chunks chunks = new Chunks();
        private int layer;
        private int n;

        void set(int layer, int n) {
            this.layer = layer;
            this.n = n;
            int total = n * h.heads();
            chunks.reset(total, chunk(total, 4, 1));
        }

        @Override
        public void run(int part, int parts) {
            for (int from = chunks.claim(); from >= 0; from = chunks.claim()) {
                int to = chunks.end(from);
                for (int i = from; i < to; i++) {
                    head(i / h.heads(), i % h.heads(), scores[part], scratch[part].lanes);
                }
            }
        }

        void head(int t, int head, float[] sc, float[] lanes) {
            int hd = h.headDim();
            int kvDim = h.kvDim();
            int kvOff = head / (h.heads() / h.kvHeads()) * hd;
            int qOff = t * h.dim() + head * hd;
            float[] keyCache = keys[seqOf[t]][layer];
            float[] valueCache = values[seqOf[t]][layer];
            int last = posOf[t];
            scores(q, qOff, keyCache, kvOff, kvDim, last + 1, hd, attnScale, sc, lanes);
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j <= last; j++) {
                max = Math.max(max, sc[j]);
            }
            double sum = 0;
            for (int j = 0; j <= last; j++) {
                float e = (float) Math.exp(sc[j] - max);
                sc[j] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j <= last; j++) {
                float p = sc[j] * inv;
                sc[j] = f16Cache ? Half.round(p) : p;
            }
            float[] o = att.f;
            if (Kernels.VECTOR) {
                VectorKernels.weightedSum(sc, last + 1, valueCache, kvOff, kvDim, o, qOff, hd);
                return;
            }
            Arrays.fill(o, qOff, qOff + hd, 0f);
            for (int j = 0; j <= last; j++) {
                float p = sc[j];
                int vo = j * kvDim + kvOff;
                for (int i = 0; i < hd; i++) {
                    o[qOff + i] += p * valueCache[vo + i];
                }
            }
        }
    }

    /**
     * {@code sc[j] = (q · key j) × scale} for {@code j < count}, key {@code j} at {@code k[ko + j × stride]}, each dot
     * as an F32 matrix row's ({@link Kernels#denseRowScalar}: eight lanes of fused multiply-adds, then the lanes
     * added in order), on the Vector API where the JVM has it (four keys at a time, {@link VectorKernels#dense4}:
     * the same bits).
     */
    static void scores(float[] q, int qo, float[] k, int ko, int stride, int count, int n, float scale, float[] sc,
                       float[] lanes) {
        if (Kernels.VECTOR) {
            int j = 0;
            for (; j + 4 <= count; j += 4) { // four keys share each load of the query
                VectorKernels.dense4(k, ko + j * stride, n, stride, q, qo, sc, j, lanes);
                sc[j] *= scale;
                sc[j + 1] *= scale;
                sc[j + 2] *= scale;
                sc[j + 3] *= scale;
            }
            for (; j < count; j++) {
                sc[j] = VectorKernels.dense1(k, ko + j * stride, n, q, qo, lanes) * scale;
            }
        } else {
            for (int j = 0; j < count; j++) {
                sc[j] = Kernels.denseRowScalar(k, ko + j * stride, q, qo, n, lanes) * scale;
            }
        }
    }

    @Override
    public void close() {
        workers.close();
    }
}
