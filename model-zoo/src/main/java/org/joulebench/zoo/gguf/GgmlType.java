package org.joulebench.zoo.gguf;

import java.util.Locale;

/**
 * The element types of GGUF tensors, with ggml's ids and block sizes. Joulebench reads and writes {@link #F32},
 * {@link #F16}, {@link #Q8_0}, {@link #Q4_0} and the K-quants {@link #Q4_K}, {@link #Q5_K}, {@link #Q6_K}; the others are named so that files holding them can be listed, and are refused
 * with a clear error where their values are needed.
 */
public enum GgmlType {
    F32(0, 1, 4, true),
    F16(1, 1, 2, true),
    /** Blocks of 32: an f16 scale, then 16 bytes of 4-bit values; see {@link QuantBlocks}. */
    Q4_0(2, 32, 18, true),
    Q4_1(3, 32, 20, false),
    Q5_0(6, 32, 22, false),
    Q5_1(7, 32, 24, false),
    /** Blocks of 32: an f16 scale {@code d}, then 32 int8 {@code q}; the value is {@code d * q}. */
    Q8_0(8, 32, 34, true),
    Q8_1(9, 32, 36, false),
    Q2_K(10, 256, 84, false),
    Q3_K(11, 256, 110, false),
    /** Super-blocks of 256 (the K-quants of llama.cpp's Q4_K_M, Q5_K_M mixes); see {@link QuantBlocks}. */
    Q4_K(12, 256, 144, true),
    Q5_K(13, 256, 176, true),
    Q6_K(14, 256, 210, true),
    Q8_K(15, 256, 292, false),
    IQ2_XXS(16, 256, 66, false),
    IQ2_XS(17, 256, 74, false),
    IQ3_XXS(18, 256, 98, false),
    IQ1_S(19, 256, 50, false),
    IQ4_NL(20, 32, 18, false),
    IQ3_S(21, 256, 110, false),
    IQ2_S(22, 256, 82, false),
    IQ4_XS(23, 256, 136, false),
    I8(24, 1, 1, false),
    I16(25, 1, 2, false),
    I32(26, 1, 4, false),
    I64(27, 1, 8, false),
    F64(28, 1, 8, false),
    IQ1_M(29, 256, 56, false),
    BF16(30, 1, 2, false),
    TQ1_0(34, 256, 54, false),
    TQ2_0(35, 256, 66, false),
    MXFP4(39, 32, 17, false);

    private static final GgmlType[] BY_ID = new GgmlType[40];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int blockBytes;
    private final boolean supported;

    GgmlType(int id, int blockSize, int blockBytes, boolean supported) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
        this.supported = supported;
    }

    /** ggml's numeric id, as stored in a GGUF tensor info. */
    public int id() {
        return id;
    }

    /** Elements per block (1 for plain types, 32 or 256 for quantised ones). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    /** Whether Joulebench can read and write this type's values (F32, F16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K). */
    public boolean supported() {
        return supported;
    }

    /** Bytes that {@code elements} values take; {@code elements} must be a whole number of blocks. */
    public long byteSize(long elements) {
        if (elements < 0 || elements % blockSize != 0) {
            throw new IllegalArgumentException(this + " stores values in blocks of " + blockSize + "; " + elements
                    + " values are not a whole number of blocks");
        }
        return elements / blockSize * blockBytes;
    }

    /** Throws unless this type's values can be read and written by Joulebench. */
    public GgmlType requireSupported() {
        if (!supported) {
            throw new UnsupportedOperationException("tensor type " + this + " is not supported by Joulebench, which"
                    + " reads and writes F32, F16, Q8_0, Q4_0, Q4_K, Q5_K and Q6_K; requantise the model, e.g."
                    + " llama-quantize --allow-requantize in.gguf out.gguf Q4_K_M");
        }
        return this;
    }

    /** The type with ggml id {@code id}. */
    public static GgmlType ofId(int id) {
        GgmlType t = id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
        if (t == null) {
            throw new IllegalArgumentException("unknown ggml tensor type id " + id);
        }
        return t;
    }

    /** The type named {@code name}, case-insensitive: {@code f32}, {@code F16}, {@code q8_0}. */
    public static GgmlType of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ggml tensor type '" + name + "'; Joulebench writes f32, f16,"
                    + " q8_0, q4_0, q4_k, q5_k and q6_k", e);
        }
    }
}
