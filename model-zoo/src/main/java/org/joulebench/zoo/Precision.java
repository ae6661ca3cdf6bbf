package org.joulebench.zoo;

/** Numeric precision of a model's weights. */
public enum Precision {
    FP32, FP16, INT8,
    /** 4-, 5- and 6-bit block quantisations (GGUF Q4_0, Q4_K; Q5_K; Q6_K). */
    INT4, INT5, INT6,
    /** Not known here: a model behind a server, which does not say how it runs it, or a GGUF type not named above. */
    UNKNOWN;

    /** Lower-case label as used in results: {@code fp32}, {@code int8}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
