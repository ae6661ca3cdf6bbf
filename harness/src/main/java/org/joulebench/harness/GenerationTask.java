package org.joulebench.harness;

import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationRequest;

/**
 * A task over a generative language model, asked one query at a time. A task either has the
 * model {@linkplain Kind#GENERATE generate} a continuation (prefill and decode measured apart), or
 * {@linkplain Kind#LOG_LIKELIHOOD scores} a given continuation (one window per query).
 */
public interface GenerationTask extends Task {

    enum Kind { GENERATE, LOG_LIKELIHOOD }

    Kind kind();

    /** GENERATE: what to ask for this item. */
    default GenerationRequest request(Item item) {
        throw new UnsupportedOperationException(kind() + " tasks make no requests");
    }

    /** GENERATE: how well the generation answered the item. */
    default Score score(Item item, Generation generation) {
        throw new UnsupportedOperationException(kind() + " tasks score no generations");
    }

    /** LOG_LIKELIHOOD: the text the model conditions on. */
    default String context(Item item) {
        throw new UnsupportedOperationException(kind() + " tasks have no context");
    }

    /** LOG_LIKELIHOOD: the text whose likelihood is scored. */
    default String continuation(Item item) {
        throw new UnsupportedOperationException(kind() + " tasks have no continuation");
    }

    /** LOG_LIKELIHOOD: the score of a continuation the model gave {@code log2Likelihood} bits. */
    default Score score(Item item, double log2Likelihood) {
        throw new UnsupportedOperationException(kind() + " tasks score no likelihoods");
    }
}
