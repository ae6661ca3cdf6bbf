package org.joulebench.runners.java;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.joulebench.runners.BackendException;
import org.joulebench.runners.BatchDecoding;
import org.joulebench.runners.DecodeBatch;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;

/**
 * A llama model run by {@link Forward} on this JVM's threads, one request at a time or several in a
 * {@link JavaDecodeBatch}. Not thread-safe.
 */
final class JavaLlamaBackend implements GenerationBackend, BatchDecoding {

    private final LlamaModel model;
    private final Forward forward;
    private final Tokenizer tokenizer;
    private final int vocab;
    private final float[] logits;
    private volatile boolean batchOpen;

    JavaLlamaBackend(LlamaModel model, int threads, boolean f16Cache) {
        this.model = model;
        this.forward = new Forward(model, threads, f16Cache);
        this.tokenizer = model.tokenizer;
        this.vocab = model.h.vocab();
        this.logits = new float[Forward.BATCH * vocab];
    }

    @Override
    public String backend() {
        return JavaLlamaProvider.ID;
    }

    @Override
    public String device() {
        return "cpu";
    }

    LlamaModel model() {
        return model;
    }

    @Override
    public List<Integer> tokenize(String text) {
        return Arrays.stream(tokenizer.encode(text)).boxed().toList();
    }

    /**
     * Greedy or sampled continuation. An empty prompt starts from {@code <|endoftext|>}, as GPT-2 does. Without
     * {@code ignoreEos} generation stops after end-of-sequence, which is counted and whose piece is empty.
     */
    @Override
    public Generation generate(GenerationRequest request, GenerationListener listener) throws BackendException {
        long start = System.nanoTime();
        checkAlone();
        int[] prompt = prompt(request);
        prefill(prompt, 0, logits);
        listener.prefillDone(prompt.length);

        Sampler sampler = new Sampler(request.sampling());
        Utf8Stream utf8 = new Utf8Stream();
        StringBuilder text = new StringBuilder();
        List<Integer> generated = new ArrayList<>(request.maxNewTokens());
        int[] one = new int[1];
        long first = 0;
        long last = 0;
        boolean eos = false;
        int pos = prompt.length;
        while (true) {
            int token = sampler.next(logits, 0, vocab);
            last = System.nanoTime();
            if (generated.isEmpty()) {
                first = last;
            }
            generated.add(token);
            String piece = utf8.add(tokenizer.bytes(token));
            text.append(piece);
            listener.token(token, piece);
            eos = token == tokenizer.eos() && !request.ignoreEos();
            if (eos || generated.size() == request.maxNewTokens()) {
                break;
            }
            one[0] = token;
            forward.forward(one, 0, 1, pos++, 0, logits);
        }
        text.append(utf8.flush());
        return new Generation(text.toString(), generated, prompt.length, generated.size(), eos, first - start,
                last - first);
    }

    /** The request's prompt tokens, checked to fit the context with its new tokens. */
    int[] prompt(GenerationRequest request) throws BackendException {
        int[] prompt = tokenizer.encode(request.prompt());
        if (tokenizer.bos() >= 0) {
            prompt = withFirst(tokenizer.bos(), prompt);
        } else if (prompt.length == 0) {
            prompt = new int[] {tokenizer.eos()};
        }
        // The last new token is never fed back, so it needs no position.
        int positions = prompt.length + request.maxNewTokens() - 1;
        if (positions > model.h.context()) {
            throw new BackendException("the prompt's " + prompt.length + " tokens and " + request.maxNewTokens()
                    + " new tokens need " + positions + " positions; the model's context is " + model.h.context());
        }
        return prompt;
    }

    /**
     * Runs the prompt through sequence {@code seq}'s cache in batches; leaves the last token's logits in
     * {@code out}.
     */
    void prefill(int[] tokens, int seq, float[] out) {
        for (int off = 0; off < tokens.length; off += Forward.BATCH) {
            int n = Math.min(Forward.BATCH, tokens.length - off);
            boolean lastBatch = off + n == tokens.length;
            forward.forward(tokens, off, n, seq, off, lastBatch ? n - 1 : n, out);
        }
    }

    Forward forward() {
        return forward;
    }

    Tokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Up to {@link Forward#BATCH} sequences decoded together. Until it is closed, {@link #generate} and
     * {@link #log2Likelihood} refuse to run, since the batch uses the cache they use.
     */
    @Override
    public DecodeBatch openBatch(int sequences) {
        if (batchOpen) {
            throw new IllegalStateException("the java engine already has an open batch");
        }
        batchOpen = true;
        return new JavaDecodeBatch(this, Math.min(Math.max(sequences, 1), Forward.BATCH), () -> batchOpen = false);
    }

    private void checkAlone() throws BackendException {
        if (batchOpen) {
            throw new BackendException("the java engine is decoding a batch; send requests through its shared"
                    + " generator");
        }
    }

    /**
     * Scores the tokens of {@code context + continuation} tokenised together, so that BPE merges across the
     * boundary happen as they would in running text. Every token that holds a byte of the continuation is scored,
     * including one that straddles the boundary (it then holds the end of the context too). The first scored token
     * is conditioned on the tokens before it; when there are none, on {@code <|endoftext|>}, as GPT-2 scores text.
     */
    @Override
    public double log2Likelihood(String context, String continuation) throws BackendException {
        if (continuation.isEmpty()) {
            return 0;
        }
        checkAlone();
        int[] whole = tokenizer.encode(context + continuation);
        int contextBytes = context.getBytes(StandardCharsets.UTF_8).length;
        int firstScored = 0;
        int end = -tokenizer.prefixBytes(); // SentencePiece's leading space is no byte of the context
        while (firstScored < whole.length) {
            end += tokenizer.bytes(whole[firstScored]).length;
            if (end > contextBytes) {
                break;
            }
            firstScored++;
        }
        int[] seq = whole;
        if (tokenizer.bos() >= 0) {
            seq = withFirst(tokenizer.bos(), whole);
            firstScored++;
        } else if (firstScored == 0) {
            seq = withFirst(tokenizer.eos(), whole);
            firstScored = 1;
        }
        if (seq.length > model.h.context()) {
            throw new BackendException("context and continuation take " + seq.length + " tokens; the model's context"
                    + " is " + model.h.context());
        }
        // Token i is predicted by the logits after token i - 1.
        double bits = 0;
        for (int off = 0; off < seq.length - 1; off += Forward.BATCH) {
            int n = Math.min(Forward.BATCH, seq.length - 1 - off);
            int from = Math.max(0, firstScored - 1 - off);
            forward.forward(seq, off, n, off, Math.min(from, n), logits);
            for (int t = from; t < n; t++) {
                bits += log2Softmax(logits, (t - from) * vocab, vocab, seq[off + t + 1]);
            }
        }
        return bits;
    }

    private static double log2Softmax(float[] logits, int off, int n, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(logits[off + i] - max);
        }
        return (logits[off + token] - max - Math.log(sum)) / Math.log(2);
    }

    @Override
    public void close() {
        forward.close();
    }

    @Override
    public List<String> notes() {
        return Kernels.VECTOR || !model.hasVectorKernels() ? List.of() : List.of("the java engine ran its scalar"
                + " kernels, several times slower than its Vector API ones: " + Kernels.whyScalar());
    }

    private static int[] withFirst(int token, int[] rest) {
        int[] out = new int[rest.length + 1];
        out[0] = token;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
