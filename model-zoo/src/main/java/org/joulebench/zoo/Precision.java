package org.joulebench.zoo;

/** Numeric precision of a model's weights. */
public enum Precision {
    FP32, FP16, INT8,
    /** Not known here: a model behind a server, which does not say how it runs it. */
    UNKNOWN;

    /** Lower-case label as used in results: {@code fp32}, {@code int8}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
