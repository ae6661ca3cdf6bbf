package org.joulebench.runners.java;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels}' loops on the Vector API; loaded only where the JVM has {@code jdk.incubator.vector}. A block's 32
 * weights come in two 16-byte loads, each widened to two vectors of 8 floats (lanes l and l+8 of the load).
 */
final class VectorKernels {

    private static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;

    private VectorKernels() {
    }

    private static FloatVector widen(ByteVector b, int part) {
        return (FloatVector) b.convertShape(VectorOperators.B2F, F256, part);
    }

    /** {@link Kernels#q8Row}. */
    static float q8Row(ByteBuffer w, int at, int blocks, float[] xf, int xo, float[] xd, int xb, float[] lanes) {
        FloatVector acc = FloatVector.zero(F256);
        for (int k = 0; k < blocks; k++) {
            int p = at + k * 34;
            int x = xo + k * 32;
            ByteVector lo = ByteVector.fromByteBuffer(B128, w, p + 2, ByteOrder.LITTLE_ENDIAN);
            ByteVector hi = ByteVector.fromByteBuffer(B128, w, p + 18, ByteOrder.LITTLE_ENDIAN);
            FloatVector s = widen(lo, 0).mul(FloatVector.fromArray(F256, xf, x));
            s = widen(lo, 1).fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = widen(hi, 0).fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = widen(hi, 1).fma(FloatVector.fromArray(F256, xf, x + 24), s);
            float d = Kernels.HALF[w.getShort(p) & 0xFFFF] * xd[xb + k];
            acc = s.fma(FloatVector.broadcast(F256, d), acc);
        }
        acc.intoArray(lanes, 0);
        return Kernels.sum(lanes);
    }

    /** Inputs a prefill batch multiplies together in {@link #q8Rows}. */
    static final int GROUP = 8;

    /**
     * {@link Kernels#q8Row} for {@value #GROUP} inputs at once (a prefill batch), each block's weights widened once
     * for all of them: the same operations per input as {@link #q8Row}, so the same results. Written out in one
     * method: a vector passed to a helper that is not inlined falls back to Java code, many times slower.
     *
     * @param xo    the inputs' offsets in {@code xf}
     * @param xb    their first block scales' offsets in {@code xd}
     * @param out   where the results go: {@code out[o + i * stride]}
     */
    static void q8Rows(ByteBuffer w, int at, int blocks, float[] xf, int[] xo, float[] xd, int[] xb, float[] lanes,
                       float[] out, int o, int stride) {
        FloatVector a0 = FloatVector.zero(F256);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int k = 0; k < blocks; k++) {
            int p = at + k * 34;
            ByteVector lo = ByteVector.fromByteBuffer(B128, w, p + 2, ByteOrder.LITTLE_ENDIAN);
            ByteVector hi = ByteVector.fromByteBuffer(B128, w, p + 18, ByteOrder.LITTLE_ENDIAN);
            FloatVector w0 = widen(lo, 0);
            FloatVector w1 = widen(lo, 1);
            FloatVector w2 = widen(hi, 0);
            FloatVector w3 = widen(hi, 1);
            float dw = Kernels.HALF[w.getShort(p) & 0xFFFF];
            int x;
            FloatVector s;
            x = xo[0] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a0 = s.fma(FloatVector.broadcast(F256, dw * xd[xb[0] + k]), a0);
            x = xo[1] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a1 = s.fma(FloatVector.broadcast(F256, dw * xd[xb[1] + k]), a1);
            x = xo[2] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a2 = s.fma(FloatVector.broadcast(F256, dw * xd[xb[2] + k]), a2);
            x = xo[3] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a3 = s.fma(FloatVector.broadcast(F256, dw * xd[xb[3] + k]), a3);
            x = xo[4] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a4 = s.fma(FloatVector.broadcast(F256, dw * xd[xb[4] + k]), a4);
            x = xo[5] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a5 = s.fma(FloatVector.broadcast(F256, dw * xd[xb[5] + k]), a5);
            x = xo[6] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a6 = s.fma(FloatVector.broadcast(F256, dw * xd[xb[6] + k]), a6);
            x = xo[7] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a7 = s.fma(FloatVector.broadcast(F256, dw * xd[xb[7] + k]), a7);
        }
        a0.intoArray(lanes, 0);
        out[o] = Kernels.sum(lanes);
        a1.intoArray(lanes, 0);
        out[o + 1 * stride] = Kernels.sum(lanes);
        a2.intoArray(lanes, 0);
        out[o + 2 * stride] = Kernels.sum(lanes);
        a3.intoArray(lanes, 0);
        out[o + 3 * stride] = Kernels.sum(lanes);
        a4.intoArray(lanes, 0);
        out[o + 4 * stride] = Kernels.sum(lanes);
        a5.intoArray(lanes, 0);
        out[o + 5 * stride] = Kernels.sum(lanes);
        a6.intoArray(lanes, 0);
        out[o + 6 * stride] = Kernels.sum(lanes);
        a7.intoArray(lanes, 0);
        out[o + 7 * stride] = Kernels.sum(lanes);
    }
}
