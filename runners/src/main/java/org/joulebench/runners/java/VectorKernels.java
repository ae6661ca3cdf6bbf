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

    private static FloatVector x8(float[] xf, int at) {
        return FloatVector.fromArray(F256, xf, at);
    }

    /**
     * A Q4_K row (or Q5_K with {@code fifth}) times an input quantised to Q8_K ({@code kf}: its values as floats,
     * {@code kd}: its scales, {@code ksums}: its 16-value sums), as {@link QuantMatrix}'s scalar code computes it:
     * products summed per lane (element index mod 8) and weighted by the sub-block scales, exact in floats (below
     * 2<sup>24</sup>); each block's lanes scaled by {@code d} and added to the running float lanes (a multiply, then
     * an add); the offsets' {@code dmin × Σ bsums × m} taken off a scalar; the lanes added in order at the end.
     */
    static float q4kRow(ByteBuffer w, int at, int blocks, boolean fifth, float[] kf, int xo, float[] kd, int[] ksums,
                        int sb, float[] lanes) {
        int bytes = fifth ? 176 : 144;
        FloatVector sums = FloatVector.zero(F256);
        float sumf = 0;
        for (int i = 0; i < blocks; i++) {
            int p = at + i * bytes;
            int scales = p + 4;
            int qs = fifth ? p + 48 : p + 16;
            int xb = xo + i * 256;
            int minSum = 0;
            FloatVector lane = FloatVector.zero(F256);
            ByteVector h0 = fifth ? ByteVector.fromByteBuffer(B128, w, p + 16, ByteOrder.LITTLE_ENDIAN) : null;
            ByteVector h1 = fifth ? ByteVector.fromByteBuffer(B128, w, p + 32, ByteOrder.LITTLE_ENDIAN) : null;
            for (int c = 0; c < 4; c++) {
                int scLo = org.joulebench.zoo.gguf.QuantBlocks.scale(w, scales, 2 * c);
                int scHi = org.joulebench.zoo.gguf.QuantBlocks.scale(w, scales, 2 * c + 1);
                minSum += (ksums[(sb + i) * 16 + 4 * c] + ksums[(sb + i) * 16 + 4 * c + 1])
                        * org.joulebench.zoo.gguf.QuantBlocks.min(w, scales, 2 * c)
                        + (ksums[(sb + i) * 16 + 4 * c + 2] + ksums[(sb + i) * 16 + 4 * c + 3])
                        * org.joulebench.zoo.gguf.QuantBlocks.min(w, scales, 2 * c + 1);
                ByteVector q0 = ByteVector.fromByteBuffer(B128, w, qs + 32 * c, ByteOrder.LITTLE_ENDIAN);
                ByteVector q1 = ByteVector.fromByteBuffer(B128, w, qs + 32 * c + 16, ByteOrder.LITTLE_ENDIAN);
                ByteVector lo0 = q0.and((byte) 0xF);
                ByteVector lo1 = q1.and((byte) 0xF);
                ByteVector hi0 = q0.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF);
                ByteVector hi1 = q1.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF);
                if (fifth) {
                    lo0 = lo0.add(h0.lanewise(VectorOperators.LSHR, 2 * c).and((byte) 1).lanewise(VectorOperators.LSHL, 4));
                    lo1 = lo1.add(h1.lanewise(VectorOperators.LSHR, 2 * c).and((byte) 1).lanewise(VectorOperators.LSHL, 4));
                    hi0 = hi0.add(h0.lanewise(VectorOperators.LSHR, 2 * c + 1).and((byte) 1).lanewise(VectorOperators.LSHL, 4));
                    hi1 = hi1.add(h1.lanewise(VectorOperators.LSHR, 2 * c + 1).and((byte) 1).lanewise(VectorOperators.LSHL, 4));
                }
                int e = xb + 64 * c;
                FloatVector s = widen(lo0, 0).mul(x8(kf, e));
                s = widen(lo0, 1).fma(x8(kf, e + 8), s);
                s = widen(lo1, 0).fma(x8(kf, e + 16), s);
                s = widen(lo1, 1).fma(x8(kf, e + 24), s);
                lane = s.fma(FloatVector.broadcast(F256, scLo), lane);
                s = widen(hi0, 0).mul(x8(kf, e + 32));
                s = widen(hi0, 1).fma(x8(kf, e + 40), s);
                s = widen(hi1, 0).fma(x8(kf, e + 48), s);
                s = widen(hi1, 1).fma(x8(kf, e + 56), s);
                lane = s.fma(FloatVector.broadcast(F256, scHi), lane);
            }
            float dx = kd[sb + i];
            float d = Kernels.HALF[w.getShort(p) & 0xFFFF] * dx;
            sums = lane.mul(d).add(sums);
            float dmin = Kernels.HALF[w.getShort(p + 2) & 0xFFFF] * dx;
            sumf -= dmin * minSum;
        }
        sums.intoArray(lanes, 0);
        for (int l = 0; l < 8; l++) {
            sumf += lanes[l];
        }
        return sumf;
    }

    /** A Q6_K row times an input quantised to Q8_K, as {@link QuantMatrix}'s scalar code computes it. */
    static float q6kRow(ByteBuffer w, int at, int blocks, float[] kf, int xo, float[] kd, int sb, float[] lanes) {
        FloatVector sums = FloatVector.zero(F256);
        for (int i = 0; i < blocks; i++) {
            int p = at + i * 210;
            FloatVector lane = FloatVector.zero(F256);
            for (int half = 0; half < 2; half++) {
                int ql = p + 64 * half;
                int qh = p + 128 + 32 * half;
                int sc = p + 192 + 8 * half;
                int e = xo + i * 256 + 128 * half;
                for (int g = 0; g < 2; g++) { // l in 0..15, then 16..31
                    ByteVector a = ByteVector.fromByteBuffer(B128, w, ql + 16 * g, ByteOrder.LITTLE_ENDIAN);
                    ByteVector b = ByteVector.fromByteBuffer(B128, w, ql + 32 + 16 * g, ByteOrder.LITTLE_ENDIAN);
                    ByteVector h = ByteVector.fromByteBuffer(B128, w, qh + 16 * g, ByteOrder.LITTLE_ENDIAN);
                    ByteVector q1 = a.and((byte) 0xF).or(h.and((byte) 3).lanewise(VectorOperators.LSHL, 4))
                            .sub((byte) 32);
                    ByteVector q2 = b.and((byte) 0xF).or(h.lanewise(VectorOperators.LSHR, 2).and((byte) 3)
                            .lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                    ByteVector q3 = a.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF).or(h
                            .lanewise(VectorOperators.LSHR, 4).and((byte) 3).lanewise(VectorOperators.LSHL, 4))
                            .sub((byte) 32);
                    ByteVector q4 = b.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF).or(h
                            .lanewise(VectorOperators.LSHR, 6).and((byte) 3).lanewise(VectorOperators.LSHL, 4))
                            .sub((byte) 32);
                    int l = e + 16 * g;
                    FloatVector s = widen(q1, 0).mul(x8(kf, l)).add(widen(q1, 1).mul(x8(kf, l + 8)));
                    lane = s.fma(FloatVector.broadcast(F256, w.get(sc + g)), lane);
                    s = widen(q2, 0).mul(x8(kf, l + 32)).add(widen(q2, 1).mul(x8(kf, l + 40)));
                    lane = s.fma(FloatVector.broadcast(F256, w.get(sc + g + 2)), lane);
                    s = widen(q3, 0).mul(x8(kf, l + 64)).add(widen(q3, 1).mul(x8(kf, l + 72)));
                    lane = s.fma(FloatVector.broadcast(F256, w.get(sc + g + 4)), lane);
                    s = widen(q4, 0).mul(x8(kf, l + 96)).add(widen(q4, 1).mul(x8(kf, l + 104)));
                    lane = s.fma(FloatVector.broadcast(F256, w.get(sc + g + 6)), lane);
                }
            }
            float d = Kernels.HALF[w.getShort(p + 208) & 0xFFFF] * kd[sb + i];
            sums = lane.mul(d).add(sums);
        }
        sums.intoArray(lanes, 0);
        float sumf = 0;
        for (int l = 0; l < 8; l++) {
            sumf += lanes[l];
        }
        return sumf;
    }
}
