package org.joulebench.runners;

/**
 * One text's sentence embedding.
 *
 * @param vector the pooled (and, where the model says so, L2-normalised) vector
 * @param tokens input tokens the model actually processed: special tokens included, padding excluded
 */
public record Embedding(float[] vector, int tokens) {
}
