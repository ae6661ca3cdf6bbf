package org.joulebench.runners.java;

/**
 * The java engine's hot loops, on the Vector API ({@code jdk.incubator.vector}) when the JVM was started with it
 * ({@code --add-modules jdk.incubator.vector}: the {@code joulebench} launcher and the tests do), in scalar code
 * otherwise. Both give the same results to the bit: the scalar code makes the same operations in the same order,
 * lane by lane, as the vectors do ({@link #q8Row}).
 */
final class Kernels {

    /** Whether the Vector API is in use; {@code -Djoulebench.kernels=scalar} turns it off (for comparisons). */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"scalar".equals(System.getProperty("joulebench.kernels"));

    /** Lanes of the float accumulators: 256-bit vectors on every machine, so that results do not depend on it. */
    static final int LANES = 8;

    /** The values of all 65,536 halves, so that a block's scale is one load. */
    static final float[] HALF = new float[65536];

    static {
        for (int h = 0; h < HALF.length; h++) {
            HALF[h] = org.joulebench.zoo.gguf.Half.toFloat((short) h);
        }
    }

    private Kernels() {
    }

    /** Why the Vector API is off, for a note; null when it is on. */
    static String whyScalar() {
        if (VECTOR) {
            return null;
        }
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? "-Djoulebench.kernels=scalar turned them off"
                : "this JVM was started without --add-modules jdk.incubator.vector (the joulebench launcher adds it;"
                        + " so should any other way of starting Joulebench)";
    }

    /** How the engine multiplies, for the run's description. */
    static String description() {
        return VECTOR ? "Vector API, 256-bit lanes" : "scalar (start the JVM with --add-modules jdk.incubator.vector"
                + " for the Vector API)";
    }

    /**
     * One Q8_0 row ({@code blocks} blocks from block {@code b0} of {@link Q8Weights}: int8 values {@code q}, scales
     * {@code dw}) times an input quantised to Q8_0 ({@code xf}: its int8 values as floats from {@code xo}; {@code xd}:
     * its block scales from {@code xb}). Each block's 32 products go into 8 lanes (lane l: elements l, l+8, l+16,
     * l+24; a multiply, then three fused multiply-adds), exact since they are integers below 2<sup>24</sup>; each lane
     * then adds its sum times the block's two scales (fused); the lanes are added at the end as ggml's AVX2 code adds
     * its eight: ((0+4)+(2+6))+((1+5)+(3+7)).
     */
    static float q8Row(byte[] q, float[] dw, int b0, int blocks, float[] xf, int xo, float[] xd, int xb, float[] lanes) {
        if (VECTOR) {
            return VectorKernels.q8Row(q, dw, b0, blocks, xf, xo, xd, xb, lanes);
        }
        return q8RowScalar(q, dw, b0, blocks, xf, xo, xd, xb, lanes);
    }

    /** {@link #q8Row} in scalar code, lane by lane. */
    static float q8RowScalar(byte[] w, float[] dw, int b0, int blocks, float[] xf, int xo, float[] xd, int xb,
                             float[] lanes) {
        java.util.Arrays.fill(lanes, 0f);
        for (int k = 0; k < blocks; k++) {
            float d = dw[b0 + k] * xd[xb + k];
            int q = (b0 + k) * 32;
            int x = xo + k * 32;
            for (int l = 0; l < LANES; l++) {
                float s = w[q + l] * xf[x + l];
                s = Math.fma(w[q + 8 + l], xf[x + 8 + l], s);
                s = Math.fma(w[q + 16 + l], xf[x + 16 + l], s);
                s = Math.fma(w[q + 24 + l], xf[x + 24 + l], s);
                lanes[l] = Math.fma(s, d, lanes[l]);
            }
        }
        return sum(lanes);
    }

    /**
     * One Q4_0 row times an input quantised to Q8_0, as {@link #q8Row} multiplies (8 lanes, one fused scale per
     * block), with the weight {@code nibble - 8}: element l of a block is byte l's low nibble, element l + 16 its high
     * nibble.
     */
    static float q4_0Row(byte[] w, int at, int blocks, float[] xf, int xo, float[] xd, int xb, float[] lanes) {
        if (VECTOR) {
            return VectorKernels.q4_0Row(w, at, blocks, xf, xo, xd, xb, lanes);
        }
        return q4_0RowScalar(w, at, blocks, xf, xo, xd, xb, lanes);
    }

    /** {@link #q4_0Row} in scalar code, lane by lane. */
    static float q4_0RowScalar(byte[] w, int at, int blocks, float[] xf, int xo, float[] xd, int xb, float[] lanes) {
        java.util.Arrays.fill(lanes, 0f);
        for (int k = 0; k < blocks; k++) {
            int p = at + k * 18;
            float d = HALF[half(w, p)] * xd[xb + k];
            int q = p + 2;
            int x = xo + k * 32;
            for (int l = 0; l < LANES; l++) {
                float s = ((w[q + l] & 0xF) - 8) * xf[x + l];
                s = Math.fma((w[q + 8 + l] & 0xF) - 8, xf[x + 8 + l], s);
                s = Math.fma(((w[q + l] & 0xFF) >>> 4) - 8, xf[x + 16 + l], s);
                s = Math.fma(((w[q + 8 + l] & 0xFF) >>> 4) - 8, xf[x + 24 + l], s);
                lanes[l] = Math.fma(s, d, lanes[l]);
            }
        }
        return sum(lanes);
    }

    /**
     * A row of floats ({@code cols} from {@code w[o]}) times an input ({@code x[xo]}): 8 lanes, lane l adding the
     * products of elements l, l+8, l+16, … in order (fused), the last {@code cols mod 8} elements into lanes 0, 1, …
     * after them, the lanes added at the end as {@link #sum} adds them. The Vector API kernels make the same
     * operations ({@link VectorKernels#dense1}).
     */
    static float denseRowScalar(float[] w, int o, float[] x, int xo, int cols, float[] lanes) {
        java.util.Arrays.fill(lanes, 0f);
        int whole = cols & ~7;
        for (int i = 0; i < whole; i += 8) {
            for (int l = 0; l < LANES; l++) {
                lanes[l] = Math.fma(w[o + i + l], x[xo + i + l], lanes[l]);
            }
        }
        tail(w, o, x, xo, cols, lanes);
        return sum(lanes);
    }

    /** The last {@code cols mod 8} products of a dense row, into lanes 0, 1, … (after the vectors). */
    static void tail(float[] w, int o, float[] x, int xo, int cols, float[] lanes) {
        for (int i = cols & ~7; i < cols; i++) {
            lanes[i & 7] = Math.fma(w[o + i], x[xo + i], lanes[i & 7]);
        }
    }

    /** The little-endian half at {@code w[at]}, as an index into {@link #HALF}. */
    static int half(byte[] w, int at) {
        return (w[at] & 0xFF) | (w[at + 1] & 0xFF) << 8;
    }

    /** The eight lanes added as ggml's AVX2 horizontal sum adds them. */
    static float sum(float[] l) {
        return ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7]));
    }
}
