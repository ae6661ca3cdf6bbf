package org.joulebench.ci;

/** The two sides of an A/B comparison. */
public enum Side {
    /** The baseline. */
    A,
    /** The candidate, compared with the baseline. */
    B
}
