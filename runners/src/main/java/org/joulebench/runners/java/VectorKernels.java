package org.joulebench.runners.java;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.joulebench.zoo.gguf.QuantBlocks;

/**
 * {@link Kernels}' loops on the Vector API; loaded only where the JVM has {@code jdk.incubator.vector}. A block's 32
 * weights come in two 16-byte loads, each widened to two vectors of 8 floats (lanes l and l+8 of the load).
 */
final class VectorKernels {

    private static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    private static final FloatVector SIXTEENTH = FloatVector.broadcast(F256, 0.0625f);
    private static final FloatVector QUARTER = FloatVector.broadcast(F256, 0.25f);
    private static final FloatVector EIGHT = FloatVector.broadcast(F256, 8f);
    private static final FloatVector THIRTY_TWO = FloatVector.broadcast(F256, 32f);

    private VectorKernels() {
    }

    private static FloatVector widen(ByteVector b, int part) {
        return (FloatVector) b.convertShape(VectorOperators.B2F, F256, part);
    }

    /** {@link Kernels#q8Row}. */
    static float q8Row(byte[] w, int at, int blocks, float[] xf, int xo, float[] xd, int xb, float[] lanes) {
        FloatVector acc = FloatVector.zero(F256);
        for (int k = 0; k < blocks; k++) {
            int p = at + k * 34;
            int x = xo + k * 32;
            ByteVector lo = ByteVector.fromArray(B128, w, p + 2);
            ByteVector hi = ByteVector.fromArray(B128, w, p + 18);
            FloatVector s = widen(lo, 0).mul(FloatVector.fromArray(F256, xf, x));
            s = widen(lo, 1).fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = widen(hi, 0).fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = widen(hi, 1).fma(FloatVector.fromArray(F256, xf, x + 24), s);
            float d = Kernels.HALF[Kernels.half(w, p)] * xd[xb + k];
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
    static void q8Rows(byte[] w, int at, int blocks, float[] xf, int[] xo, float[] xd, int[] xb, float[] lanes,
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
            ByteVector lo = ByteVector.fromArray(B128, w, p + 2);
            ByteVector hi = ByteVector.fromArray(B128, w, p + 18);
            FloatVector w0 = widen(lo, 0);
            FloatVector w1 = widen(lo, 1);
            FloatVector w2 = widen(hi, 0);
            FloatVector w3 = widen(hi, 1);
            float dw = Kernels.HALF[Kernels.half(w, p)];
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





    /*
     * Unpacking without byte shifts (Java 17 has no intrinsic for one, and the fallback is slow): a low nibble is
     * q & 0x0F; a high nibble is (q & 0xF0) + 0x80 (its top bit flipped), 16 x nibble - 128 as a signed byte, widened
     * exactly, then / 16 + 8; a set bit m is (h & m) widened and scaled by 16 / m. Everything is written out in the
     * two kernels below, with vector constants: a helper that is not inlined, or a scalar operand of fma, makes the
     * Vector API fall back to Java code.
     */

    /**
     * A Q6_K row times an input quantised to Q8_K, as {@link QuantMatrix}'s scalar code computes it. A value is its
     * low nibble plus its two high bits × 16, less 32: the bits are masked in place and scaled in floats (× 16 for
     * bits 0–1, × 4 for 2–3, × 1 for 4–5, and bits 6–7 flipped and / 4 + 32), exact.
     */
    static float q6kRow(ByteBuffer w, int at, int blocks, float[] kf, int xo, float[] kd, int sb, float[] lanes) {
        FloatVector sums = FloatVector.zero(F256);
        for (int i = 0; i < blocks; i++) {
            int p = at + i * 210;
            FloatVector lane = FloatVector.zero(F256);
            for (int half = 0; half < 2; half++) {
                int ql = p + 64 * half;
                int qh = p + 128 + 32 * half;
                int sc = p + 192 + 8 * half;
                int e0 = xo + i * 256 + 128 * half;
                for (int g = 0; g < 2; g++) { // l in 0..15, then 16..31
                    ByteVector a = ByteVector.fromByteBuffer(B128, w, ql + 16 * g, ByteOrder.LITTLE_ENDIAN);
                    ByteVector b = ByteVector.fromByteBuffer(B128, w, ql + 32 + 16 * g, ByteOrder.LITTLE_ENDIAN);
                    ByteVector h = ByteVector.fromByteBuffer(B128, w, qh + 16 * g, ByteOrder.LITTLE_ENDIAN);
                    ByteVector h01 = h.and((byte) 0x03);
                    ByteVector h23 = h.and((byte) 0x0C);
                    ByteVector h45 = h.and((byte) 0x30);
                    ByteVector h67 = h.and((byte) 0xC0).add((byte) 0x80);
                    int e = e0 + 16 * g;
                    for (int part = 0; part < 2; part++) {
                        int o = e + 8 * part;
                        FloatVector q1 = ((FloatVector) a.and((byte) 0x0F).convertShape(VectorOperators.B2F, F256, part)).add(((FloatVector) h01.convertShape(VectorOperators.B2F, F256, part)).mul(16f)).sub(32f);
                        FloatVector q2 = ((FloatVector) b.and((byte) 0x0F).convertShape(VectorOperators.B2F, F256, part)).add(((FloatVector) h23.convertShape(VectorOperators.B2F, F256, part)).mul(4f)).sub(32f);
                        FloatVector q3 = ((FloatVector) a.and((byte) 0xF0).add((byte) 0x80).convertShape(VectorOperators.B2F, F256, part)).fma(SIXTEENTH, EIGHT).add(((FloatVector) h45.convertShape(VectorOperators.B2F, F256, part))).sub(32f);
                        FloatVector q4 = ((FloatVector) b.and((byte) 0xF0).add((byte) 0x80).convertShape(VectorOperators.B2F, F256, part)).fma(SIXTEENTH, EIGHT).add(((FloatVector) h67.convertShape(VectorOperators.B2F, F256, part)).fma(QUARTER, THIRTY_TWO)).sub(32f);
                        FloatVector s1 = q1.mul(FloatVector.fromArray(F256, kf, o));
                        FloatVector s2 = q2.mul(FloatVector.fromArray(F256, kf, o + 32));
                        FloatVector s3 = q3.mul(FloatVector.fromArray(F256, kf, o + 64));
                        FloatVector s4 = q4.mul(FloatVector.fromArray(F256, kf, o + 96));
                        lane = s1.fma(FloatVector.broadcast(F256, w.get(sc + g)), lane);
                        lane = s2.fma(FloatVector.broadcast(F256, w.get(sc + g + 2)), lane);
                        lane = s3.fma(FloatVector.broadcast(F256, w.get(sc + g + 4)), lane);
                        lane = s4.fma(FloatVector.broadcast(F256, w.get(sc + g + 6)), lane);
                    }
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

    /**
     * A Q4_K (or Q5_K) row unpacked into {@code wf}: its values as floats (exact, 0–31), its sub-block scales and
     * mins into {@code sc} and {@code mn} (8 per block); once per row, for every input of a batch ({@link #q4kDot}).
     */
    static void q4kUnpack(ByteBuffer w, int at, int blocks, boolean fifth, float[] wf, int[] sc, int[] mn) {
        int bytes = fifth ? 176 : 144;
        for (int i = 0; i < blocks; i++) {
            int p = at + i * bytes;
            int qs = fifth ? p + 48 : p + 16;
            long s8 = w.getLong(p + 4);
            int s4 = w.getInt(p + 12);
            for (int j = 0; j < 8; j++) {
                sc[8 * i + j] = QuantBlocks.scale(s8, s4, j);
                mn[8 * i + j] = QuantBlocks.min(s8, s4, j);
            }
            ByteVector h0 = fifth ? ByteVector.fromByteBuffer(B128, w, p + 16, ByteOrder.LITTLE_ENDIAN) : null;
            ByteVector h1 = fifth ? ByteVector.fromByteBuffer(B128, w, p + 32, ByteOrder.LITTLE_ENDIAN) : null;
            for (int c = 0; c < 4; c++) {
                ByteVector q0 = ByteVector.fromByteBuffer(B128, w, qs + 32 * c, ByteOrder.LITTLE_ENDIAN);
                ByteVector q1 = ByteVector.fromByteBuffer(B128, w, qs + 32 * c + 16, ByteOrder.LITTLE_ENDIAN);
                int e = i * 256 + 64 * c;
                FloatVector v0 = ((FloatVector) q0.and((byte) 0x0F).convertShape(VectorOperators.B2F, F256, 0));
                FloatVector v1 = ((FloatVector) q0.and((byte) 0x0F).convertShape(VectorOperators.B2F, F256, 1));
                FloatVector v2 = ((FloatVector) q1.and((byte) 0x0F).convertShape(VectorOperators.B2F, F256, 0));
                FloatVector v3 = ((FloatVector) q1.and((byte) 0x0F).convertShape(VectorOperators.B2F, F256, 1));
                if (fifth) {
                    int m = 1 << (2 * c);
                    float k = 16f / (byte) m;
                    v0 = v0.add(((FloatVector) h0.and((byte) m).convertShape(VectorOperators.B2F, F256, 0)).mul(k));
                    v1 = v1.add(((FloatVector) h0.and((byte) m).convertShape(VectorOperators.B2F, F256, 1)).mul(k));
                    v2 = v2.add(((FloatVector) h1.and((byte) m).convertShape(VectorOperators.B2F, F256, 0)).mul(k));
                    v3 = v3.add(((FloatVector) h1.and((byte) m).convertShape(VectorOperators.B2F, F256, 1)).mul(k));
                }
                v0.intoArray(wf, e);
                v1.intoArray(wf, e + 8);
                v2.intoArray(wf, e + 16);
                v3.intoArray(wf, e + 24);
                v0 = ((FloatVector) q0.and((byte) 0xF0).add((byte) 0x80).convertShape(VectorOperators.B2F, F256, 0))
                        .fma(SIXTEENTH, EIGHT);
                v1 = ((FloatVector) q0.and((byte) 0xF0).add((byte) 0x80).convertShape(VectorOperators.B2F, F256, 1))
                        .fma(SIXTEENTH, EIGHT);
                v2 = ((FloatVector) q1.and((byte) 0xF0).add((byte) 0x80).convertShape(VectorOperators.B2F, F256, 0))
                        .fma(SIXTEENTH, EIGHT);
                v3 = ((FloatVector) q1.and((byte) 0xF0).add((byte) 0x80).convertShape(VectorOperators.B2F, F256, 1))
                        .fma(SIXTEENTH, EIGHT);
                if (fifth) {
                    int m = 2 << (2 * c);
                    float k = 16f / (byte) m;
                    v0 = v0.add(((FloatVector) h0.and((byte) m).convertShape(VectorOperators.B2F, F256, 0)).mul(k));
                    v1 = v1.add(((FloatVector) h0.and((byte) m).convertShape(VectorOperators.B2F, F256, 1)).mul(k));
                    v2 = v2.add(((FloatVector) h1.and((byte) m).convertShape(VectorOperators.B2F, F256, 0)).mul(k));
                    v3 = v3.add(((FloatVector) h1.and((byte) m).convertShape(VectorOperators.B2F, F256, 1)).mul(k));
                }
                v0.intoArray(wf, e + 32);
                v1.intoArray(wf, e + 40);
                v2.intoArray(wf, e + 48);
                v3.intoArray(wf, e + 56);
            }
        }
    }

    /**
     * An unpacked Q4_K/Q5_K row ({@link #q4kUnpack}) times an input quantised to Q8_K ({@code kf}: its values as
     * floats, {@code kd}: its scales, {@code ksums}: its 16-value sums), as {@link QuantMatrix}'s scalar code computes
     * it: products summed per lane (element index mod 8) and weighted by the sub-block scales, exact in floats (below
     * 2<sup>24</sup>); each block's lanes scaled by {@code d} and added to the running float lanes (a multiply, then
     * an add); the offsets' {@code dmin × Σ bsums × m} taken off a scalar; the lanes added in order at the end.
     */
    static float q4kDot(float[] wf, int[] sc, int[] mn, ByteBuffer w, int at, int blocks, boolean fifth, float[] kf,
                        int xo, float[] kd, int[] ksums, int sb, float[] lanes) {
        int bytes = fifth ? 176 : 144;
        FloatVector sums = FloatVector.zero(F256);
        float sumf = 0;
        for (int i = 0; i < blocks; i++) {
            int p = at + i * bytes;
            int minSum = 0;
            FloatVector lane = FloatVector.zero(F256);
            for (int c = 0; c < 4; c++) {
                int bsums = (sb + i) * 16 + 4 * c;
                minSum += (ksums[bsums] + ksums[bsums + 1]) * mn[8 * i + 2 * c]
                        + (ksums[bsums + 2] + ksums[bsums + 3]) * mn[8 * i + 2 * c + 1];
                int o = i * 256 + 64 * c;
                int e = xo + o;
                FloatVector s = FloatVector.fromArray(F256, wf, o).mul(FloatVector.fromArray(F256, kf, e));
                s = FloatVector.fromArray(F256, wf, o + 8).fma(FloatVector.fromArray(F256, kf, e + 8), s);
                s = FloatVector.fromArray(F256, wf, o + 16).fma(FloatVector.fromArray(F256, kf, e + 16), s);
                s = FloatVector.fromArray(F256, wf, o + 24).fma(FloatVector.fromArray(F256, kf, e + 24), s);
                lane = s.fma(FloatVector.broadcast(F256, sc[8 * i + 2 * c]), lane);
                s = FloatVector.fromArray(F256, wf, o + 32).mul(FloatVector.fromArray(F256, kf, e + 32));
                s = FloatVector.fromArray(F256, wf, o + 40).fma(FloatVector.fromArray(F256, kf, e + 40), s);
                s = FloatVector.fromArray(F256, wf, o + 48).fma(FloatVector.fromArray(F256, kf, e + 48), s);
                s = FloatVector.fromArray(F256, wf, o + 56).fma(FloatVector.fromArray(F256, kf, e + 56), s);
                lane = s.fma(FloatVector.broadcast(F256, sc[8 * i + 2 * c + 1]), lane);
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
}
