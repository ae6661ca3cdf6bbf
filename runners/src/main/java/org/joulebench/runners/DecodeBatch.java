package org.joulebench.runners;

import java.util.List;

/**
 * Sequences decoded together, continuously: each joins with its prompt, then every {@link #step} advances all those
 * given by one token, and a sequence that has ended leaves, freeing its place for the next. Every sequence's tokens
 * are those the engine would generate for its request alone. One thread drives a batch.
 */
public interface DecodeBatch extends AutoCloseable {

    /** How many sequences can be in the batch at once. */
    int capacity();

    /**
     * Takes a free place for {@code request} and runs its prompt; the sequence's first token is then ready for
     * {@link Sequence#next()}. A failure (a prompt too long for the context, no memory for its cache) concerns this
     * request only.
     */
    Sequence join(GenerationRequest request) throws BackendException;

    /**
     * Feeds each of {@code sequences} (joined, not ended, each once) the token it last picked, in one pass over the
     * weights, so that each can pick its next.
     */
    void step(List<Sequence> sequences) throws BackendException;

    /** Ends the batch; the engine may then be used alone again. */
    @Override
    void close();

    /** One request's sequence in the batch. */
    interface Sequence {

        /** Tokens in its prompt, as the engine counted them. */
        int promptTokens();

        /** Picks the next token from what the last {@link #join} or {@link #step} computed for this sequence. */
        Token next();

        /** Whether the last token picked ends it: end-of-sequence (unless its request ignores it) or its limit. */
        boolean ended();

        /** Text held back from the pieces (the start of an unfinished UTF-8 character), given once at the end. */
        String flush();

        /** Gives its place back. */
        void leave();
    }

    /**
     * One generated token.
     *
     * @param id    its id
     * @param piece the text it completes (possibly empty for part of a UTF-8 character)
     * @param eos   whether it is end-of-sequence and ends the sequence
     */
    record Token(int id, String piece, boolean eos) {
    }
}
