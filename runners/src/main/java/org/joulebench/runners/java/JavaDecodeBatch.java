package org.joulebench.runners.java;

import java.util.List;

import org.joulebench.runners.BackendException;
import org.joulebench.runners.DecodeBatch;
import org.joulebench.runners.GenerationRequest;

/**
 * The java engine's continuous batch: each sequence has a key/value cache of its own in {@link Forward} (made when
 * its place is first used, kept for the next sequence there). A joining sequence's prompt runs alone, in chunks as
 * {@link JavaLlamaBackend#generate} runs it; a step then multiplies every weight matrix with all the sequences'
 * vectors at once. Each sequence's arithmetic is that of the single path, so its tokens are the same.
 */
final class JavaDecodeBatch implements DecodeBatch {

    private final JavaLlamaBackend engine;
    private final Forward forward;
    private final Tokenizer tokenizer;
    private final int vocab;
    private final Seq[] places;
    private final Runnable onClose;
    private final int[] tokens = new int[Forward.BATCH];
    private final int[] seqs = new int[Forward.BATCH];
    private final int[] positions = new int[Forward.BATCH];
    private final float[] logits;
    private boolean closed;

    JavaDecodeBatch(JavaLlamaBackend engine, int capacity, Runnable onClose) {
        this.engine = engine;
        this.forward = engine.forward();
        this.tokenizer = engine.tokenizer();
        this.vocab = forward.hparams().vocab();
        this.places = new Seq[capacity];
        this.onClose = onClose;
        this.logits = new float[capacity * vocab];
    }

    @Override
    public int capacity() {
        return places.length;
    }

    @Override
    public Sequence join(GenerationRequest request) throws BackendException {
        checkOpen();
        int place = 0;
        while (place < places.length && places[place] != null) {
            place++;
        }
        if (place == places.length) {
            throw new IllegalStateException("all " + places.length + " places of the batch are taken");
        }
        int[] prompt = engine.prompt(request);
        try {
            forward.sequences(place + 1);
        } catch (OutOfMemoryError e) {
            throw new BackendException("not enough Java heap for a key/value cache of " + forward.hparams().context()
                    + " positions for sequence " + (place + 1) + "; lower the concurrency or raise -Xmx", e);
        }
        Seq s = new Seq(place, request, prompt.length, new float[vocab]);
        engine.prefill(prompt, place, s.logits);
        places[place] = s;
        return s;
    }

    @Override
    public void step(List<Sequence> sequences) throws BackendException {
        checkOpen();
        int n = sequences.size();
        if (n > places.length) {
            throw new IllegalArgumentException(n + " sequences in a batch of " + places.length);
        }
        for (int i = 0; i < n; i++) {
            Seq s = (Seq) sequences.get(i);
            if (places[s.place] != s || s.last < 0 || s.ended) {
                throw new IllegalArgumentException("sequence " + s.place + " has left, ended or picked no token");
            }
            tokens[i] = s.last;
            seqs[i] = s.place;
            positions[i] = s.pos;
        }
        forward.step(tokens, seqs, positions, n, logits);
        for (int i = 0; i < n; i++) {
            Seq s = (Seq) sequences.get(i);
            System.arraycopy(logits, i * vocab, s.logits, 0, vocab);
            s.pos++;
            s.last = -1;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the batch is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }

    /** A sequence in place {@code place}: its sampler, position, and the logits for its next token. */
    private final class Seq implements Sequence {
        final int place;
        final GenerationRequest request;
        final int promptTokens;
        final float[] logits;
        final Sampler sampler;
        final Utf8Stream utf8 = new Utf8Stream();
        int pos;
        int generated;
        int last = -1;
        boolean ended;

        Seq(int place, GenerationRequest request, int promptTokens, float[] logits) {
            this.place = place;
            this.request = request;
            this.promptTokens = promptTokens;
            this.logits = logits;
            this.sampler = new Sampler(request.sampling());
            this.pos = promptTokens;
        }

        @Override
        public int promptTokens() {
            return promptTokens;
        }

        @Override
        public Token next() {
            if (last >= 0 || ended) {
                throw new IllegalStateException("sequence " + place + " has ended or has not been stepped");
            }
            int token = sampler.next(logits, 0, vocab);
            generated++;
            boolean eos = token == tokenizer.eos() && !request.ignoreEos();
            ended = eos || generated == request.maxNewTokens();
            last = token;
            return new Token(token, utf8.add(tokenizer.bytes(token)), eos);
        }

        @Override
        public boolean ended() {
            return ended;
        }

        @Override
        public String flush() {
            return utf8.flush();
        }

        @Override
        public void leave() {
            if (places[place] == this) {
                places[place] = null;
            }
        }
    }
}
