package org.joulebench.zoo;

/** How token embeddings become one sentence embedding. Both are followed by L2 normalisation when the entry says so. */
public enum Pooling {
    /** Average of token vectors, weighted by the attention mask (MiniLM, e5). */
    MEAN,
    /** The first ([CLS]) token's vector (bge). */
    CLS
}
