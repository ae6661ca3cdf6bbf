package org.joulebench.runners.java;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.B2F;

/**
 * {@link Kernels}' loops on the Vector API; loaded only where the JVM has {@code jdk.incubator.vector}. A block's 32
 * weights come in two 16-byte loads, each widened to two vectors of 8 floats (lanes l and l+8 of the load).
 */
final class VectorKernels {

    private static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_64;
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> I256 = IntVector.SPECIES_256;
    private static final IntVector LOW = IntVector.broadcast(I256, 0x0F);
    private static final IntVector HIGH = IntVector.broadcast(I256, 0xF0);
    private static final IntVector BITS01 = IntVector.broadcast(I256, 0x03);
    private static final IntVector BITS23 = IntVector.broadcast(I256, 0x0C);
    private static final IntVector BITS45 = IntVector.broadcast(I256, 0x30);
    private static final IntVector BITS67 = IntVector.broadcast(I256, 0xC0);
    private static final FloatVector MINUS_32 = FloatVector.broadcast(F256, -32f);
    private static final FloatVector MINUS_512 = FloatVector.broadcast(F256, -512f);
    private static final FloatVector SIXTEENTH = FloatVector.broadcast(F256, 0.0625f);
    private static final FloatVector QUARTER = FloatVector.broadcast(F256, 0.25f);
    private static final FloatVector EIGHT = FloatVector.broadcast(F256, 8f);
    private static final FloatVector THIRTY_TWO = FloatVector.broadcast(F256, 32f);

    private VectorKernels() {
    }


    /**
     * {@link Kernels#q8Row}: a block's weights in four 8-byte loads, each widened to 8 floats (a load, a widening and
     * a conversion each, where a 16-byte load split in two costs Java 17 a shuffle and a blend more). The widening is
     * written out here and in the other Q8_0 kernels, not shared through a helper: once such a helper had been
     * compiled on its own (it is hot in {@link #q8Dequantise} during a prefill), C2 stopped inlining it into this
     * kernel and the widening ran as Java code (a fifth of the 1B decode's samples in a profile).
     */
    static float q8Row(byte[] q, float[] dw, int b0, int blocks, float[] xf, int xo, float[] xd, int xb, float[] lanes) {
        FloatVector acc = FloatVector.zero(F256);
        for (int k = 0; k < blocks; k++) {
            int p = (b0 + k) * 32;
            int x = xo + k * 32;
            FloatVector w0 = (FloatVector) ByteVector.fromArray(B64, q, p).convertShape(B2F, F256, 0);
            FloatVector w1 = (FloatVector) ByteVector.fromArray(B64, q, p + 8).convertShape(B2F, F256, 0);
            FloatVector w2 = (FloatVector) ByteVector.fromArray(B64, q, p + 16).convertShape(B2F, F256, 0);
            FloatVector w3 = (FloatVector) ByteVector.fromArray(B64, q, p + 24).convertShape(B2F, F256, 0);
            FloatVector s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            acc = s.fma(FloatVector.broadcast(F256, dw[b0 + k] * xd[xb + k]), acc);
        }
        acc.intoArray(lanes, 0);
        return Kernels.sum(lanes);
    }

    /** Q8_0 blocks {@code [b0, b0 + blocks)} dequantised into {@code dst[off..]}: {@code q × d}, as the scalar code. */
    static void q8Dequantise(byte[] q, float[] dw, int b0, int blocks, float[] dst, int off) {
        for (int k = 0; k < blocks; k++) {
            int p = (b0 + k) * 32;
            int o = off + k * 32;
            FloatVector d = FloatVector.broadcast(F256, dw[b0 + k]);
            FloatVector w0 = (FloatVector) ByteVector.fromArray(B64, q, p).convertShape(B2F, F256, 0);
            FloatVector w1 = (FloatVector) ByteVector.fromArray(B64, q, p + 8).convertShape(B2F, F256, 0);
            FloatVector w2 = (FloatVector) ByteVector.fromArray(B64, q, p + 16).convertShape(B2F, F256, 0);
            FloatVector w3 = (FloatVector) ByteVector.fromArray(B64, q, p + 24).convertShape(B2F, F256, 0);
            w0.mul(d).intoArray(dst, o);
            w1.mul(d).intoArray(dst, o + 8);
            w2.mul(d).intoArray(dst, o + 16);
            w3.mul(d).intoArray(dst, o + 24);
        }
    }

    /**
     * Attention's weighted sum of values: {@code o[oo + i] = Σ_j p[j] × v[vo + j × stride + i]} for {@code i < width},
     * each element summed from zero over {@code j = 0 .. count-1} in order, a product then a sum (as the scalar loop
     * {@code o[i] += p × v[i]}, so the same bits), 32 elements at a time held in registers over all {@code j} rather
     * than loaded and stored again for each.
     */
    static void weightedSum(float[] p, int count, float[] v, int vo, int stride, float[] o, int oo, int width) {
        int i = 0;
        for (; i + 32 <= width; i += 32) {
            FloatVector a0 = FloatVector.zero(F256);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int j = 0; j < count; j++) {
                FloatVector w = FloatVector.broadcast(F256, p[j]);
                int at = vo + j * stride + i;
                a0 = a0.add(w.mul(FloatVector.fromArray(F256, v, at)));
                a1 = a1.add(w.mul(FloatVector.fromArray(F256, v, at + 8)));
                a2 = a2.add(w.mul(FloatVector.fromArray(F256, v, at + 16)));
                a3 = a3.add(w.mul(FloatVector.fromArray(F256, v, at + 24)));
            }
            a0.intoArray(o, oo + i);
            a1.intoArray(o, oo + i + 8);
            a2.intoArray(o, oo + i + 16);
            a3.intoArray(o, oo + i + 24);
        }
        for (; i + 8 <= width; i += 8) {
            FloatVector a = FloatVector.zero(F256);
            for (int j = 0; j < count; j++) {
                a = a.add(FloatVector.broadcast(F256, p[j]).mul(FloatVector.fromArray(F256, v, vo + j * stride + i)));
            }
            a.intoArray(o, oo + i);
        }
        for (; i < width; i++) {
            float a = 0;
            for (int j = 0; j < count; j++) {
                a += p[j] * v[vo + j * stride + i];
            }
            o[oo + i] = a;
        }
    }


    /** {@link Kernels#denseRowScalar} on the Vector API. */
    static float dense1(float[] w, int o, int cols, float[] x, int xo, float[] lanes) {
        FloatVector a = FloatVector.zero(F256);
        int whole = cols & ~7;
        for (int i = 0; i < whole; i += 8) {
            a = FloatVector.fromArray(F256, w, o + i).fma(FloatVector.fromArray(F256, x, xo + i), a);
        }
        a.intoArray(lanes, 0);
        Kernels.tail(w, o, x, xo, cols, lanes);
        return Kernels.sum(lanes);
    }

    /**
     * {@link #dense1} for four rows, {@code stride} apart from {@code o} (a matrix's consecutive rows, or attention's
     * keys in the cache), sharing the loads of the input.
     */
    static void dense4(float[] w, int o, int cols, int stride, float[] x, int xo, float[] out, int oo,
                       float[] lanes) {
        FloatVector a0 = FloatVector.zero(F256);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int whole = cols & ~7;
        for (int i = 0; i < whole; i += 8) {
            FloatVector v = FloatVector.fromArray(F256, x, xo + i);
            a0 = FloatVector.fromArray(F256, w, o + i).fma(v, a0);
            a1 = FloatVector.fromArray(F256, w, o + stride + i).fma(v, a1);
            a2 = FloatVector.fromArray(F256, w, o + 2 * stride + i).fma(v, a2);
            a3 = FloatVector.fromArray(F256, w, o + 3 * stride + i).fma(v, a3);
        }
        a0.intoArray(lanes, 0);
        Kernels.tail(w, o, x, xo, cols, lanes);
        out[oo] = Kernels.sum(lanes);
        a1.intoArray(lanes, 0);
        Kernels.tail(w, o + stride, x, xo, cols, lanes);
        out[oo + 1] = Kernels.sum(lanes);
        a2.intoArray(lanes, 0);
        Kernels.tail(w, o + 2 * stride, x, xo, cols, lanes);
        out[oo + 2] = Kernels.sum(lanes);
        a3.intoArray(lanes, 0);
        Kernels.tail(w, o + 3 * stride, x, xo, cols, lanes);
        out[oo + 3] = Kernels.sum(lanes);
    }

    /**
     * {@link #dense1} for two consecutive rows from {@code o} and two inputs ({@code xo} and {@code xo + cols};
     * results at {@code oo} and {@code oo + rows}): four accumulators, which C2 keeps in registers however it unrolls
     * the loop (with eight, four rows by two inputs, it spilled them to the stack every pass, at half the speed).
     */
    static void dense2x2(float[] w, int o, int cols, float[] x, int xo, float[] out, int oo, int rows,
                         float[] lanes) {
        FloatVector a0 = FloatVector.zero(F256);
        FloatVector a1 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        int yo = xo + cols;
        int whole = cols & ~7;
        for (int i = 0; i < whole; i += 8) {
            FloatVector v = FloatVector.fromArray(F256, x, xo + i);
            FloatVector u = FloatVector.fromArray(F256, x, yo + i);
            FloatVector w0 = FloatVector.fromArray(F256, w, o + i);
            FloatVector w1 = FloatVector.fromArray(F256, w, o + cols + i);
            a0 = w0.fma(v, a0);
            a1 = w1.fma(v, a1);
            b0 = w0.fma(u, b0);
            b1 = w1.fma(u, b1);
        }
        a0.intoArray(lanes, 0);
        Kernels.tail(w, o, x, xo, cols, lanes);
        out[oo] = Kernels.sum(lanes);
        a1.intoArray(lanes, 0);
        Kernels.tail(w, o + cols, x, xo, cols, lanes);
        out[oo + 1] = Kernels.sum(lanes);
        b0.intoArray(lanes, 0);
        Kernels.tail(w, o, x, yo, cols, lanes);
        out[oo + rows] = Kernels.sum(lanes);
        b1.intoArray(lanes, 0);
        Kernels.tail(w, o + cols, x, yo, cols, lanes);
        out[oo + rows + 1] = Kernels.sum(lanes);
    }

    /** Inputs a step of several sequences multiplies together in {@link #q8Rows}. */
    static final int GROUP = 8;

    /**
     * {@link Kernels#q8Row} for {@value #GROUP} inputs at once (a step of several sequences), each block's weights
     * widened once for all of them: the same operations per input as {@link #q8Row}, so the same results. Written out
     * in one method: a vector passed to a helper that is not inlined falls back to Java code, many times slower.
     *
     * @param xo    the inputs' offsets in {@code xf}
     * @param xb    their first block scales' offsets in {@code xd}
     * @param out   where the results go: {@code out[o + i * stride]}
     */
    static void q8Rows(byte[] q, float[] dw, int b0, int blocks, float[] xf, int[] xo, float[] xd, int[] xb,
                       float[] lanes, float[] out, int o, int stride) {
        FloatVector a0 = FloatVector.zero(F256);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int k = 0; k < blocks; k++) {
            int p = (b0 + k) * 32;
            FloatVector w0 = (FloatVector) ByteVector.fromArray(B64, q, p).convertShape(B2F, F256, 0);
            FloatVector w1 = (FloatVector) ByteVector.fromArray(B64, q, p + 8).convertShape(B2F, F256, 0);
            FloatVector w2 = (FloatVector) ByteVector.fromArray(B64, q, p + 16).convertShape(B2F, F256, 0);
            FloatVector w3 = (FloatVector) ByteVector.fromArray(B64, q, p + 24).convertShape(B2F, F256, 0);
            float d = dw[b0 + k];
            int x;
            FloatVector s;
            x = xo[0] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a0 = s.fma(FloatVector.broadcast(F256, d * xd[xb[0] + k]), a0);
            x = xo[1] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a1 = s.fma(FloatVector.broadcast(F256, d * xd[xb[1] + k]), a1);
            x = xo[2] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a2 = s.fma(FloatVector.broadcast(F256, d * xd[xb[2] + k]), a2);
            x = xo[3] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a3 = s.fma(FloatVector.broadcast(F256, d * xd[xb[3] + k]), a3);
            x = xo[4] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a4 = s.fma(FloatVector.broadcast(F256, d * xd[xb[4] + k]), a4);
            x = xo[5] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a5 = s.fma(FloatVector.broadcast(F256, d * xd[xb[5] + k]), a5);
            x = xo[6] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a6 = s.fma(FloatVector.broadcast(F256, d * xd[xb[6] + k]), a6);
            x = xo[7] + k * 32;
            s = w0.mul(FloatVector.fromArray(F256, xf, x));
            s = w1.fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = w2.fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = w3.fma(FloatVector.fromArray(F256, xf, x + 24), s);
            a7 = s.fma(FloatVector.broadcast(F256, d * xd[xb[7] + k]), a7);
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
     * kernels below, with vector constants: a helper that is not inlined, or a scalar operand of a lanewise
     * operation, makes the Vector API fall back to Java code.
     */

    private static final byte[] ZEROS = new byte[16];
    private static final FloatVector FOUR = FloatVector.broadcast(F256, 4f);
    private static final FloatVector SIXTEEN = FloatVector.broadcast(F256, 16f);
    private static final FloatVector MINUS_24 = FloatVector.broadcast(F256, -24f);


    /**
     * A Q4_0 row times an input quantised to Q8_0, as {@link Kernels#q4_0RowScalar} computes it: a low nibble less 8
     * (element l of the block), a high nibble flipped, widened and / 16, which is exactly the nibble less 8 (element
     * l + 16); per block the products in 8 lanes as {@link #q8Row} makes them.
     */
    static float q4_0Row(byte[] w, int at, int blocks, float[] xf, int xo, float[] xd, int xb, float[] lanes) {
        FloatVector acc = FloatVector.zero(F256);
        for (int k = 0; k < blocks; k++) {
            int p = at + k * 18;
            int x = xo + k * 32;
            ByteVector q = ByteVector.fromArray(B128, w, p + 2);
            ByteVector lo = q.and((byte) 0x0F);
            ByteVector hi = q.and((byte) 0xF0).add((byte) 0x80);
            FloatVector s = ((FloatVector) lo.convertShape(VectorOperators.B2F, F256, 0)).sub(EIGHT).mul(FloatVector.fromArray(F256, xf, x));
            s = ((FloatVector) lo.convertShape(VectorOperators.B2F, F256, 1)).sub(EIGHT).fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = ((FloatVector) hi.convertShape(VectorOperators.B2F, F256, 0)).mul(SIXTEENTH).fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = ((FloatVector) hi.convertShape(VectorOperators.B2F, F256, 1)).mul(SIXTEENTH).fma(FloatVector.fromArray(F256, xf, x + 24), s);
            float d = Kernels.HALF[Kernels.half(w, p)] * xd[xb + k];
            acc = s.fma(FloatVector.broadcast(F256, d), acc);
        }
        acc.intoArray(lanes, 0);
        return Kernels.sum(lanes);
    }

    /**
     * Rows {@code [from, to)} of a Q6_K matrix times an input quantised to Q8_K (values {@code kf} from {@code xo},
     * scales {@code kd} from {@code sb}) into {@code out[oo + r]}, as {@link QuantMatrix}'s scalar code computes it.
     * Each 8 bytes of low nibbles and of high bits are widened once to ints; a value is its masked nibble plus its
     * masked two high bits scaled to bits 4–5, less 32, assembled in floats by powers of two (exact); the high nibbles
     * are held times 16 and their sub-block scale / 16 takes it back. Per lane the integer sums of the scalar code, on
     * two lanes (low and high nibbles) added at each block's end (exact integers: the same sums), so its bits. The
     * loop over rows is in here, so a decode step pays its setup once per product, not per row.
     */
    static void q6kRows(byte[] w, int from, int to, int blocks, float[] kf, int xo, float[] kd, int sb, float[] out,
                        int oo, float[] lanes) {
        for (int r = from; r < to; r++) {
            FloatVector sums = FloatVector.zero(F256);
            for (int i = 0; i < blocks; i++) {
                int p = (r * blocks + i) * 210;
                FloatVector lane = FloatVector.zero(F256);
                FloatVector high = FloatVector.zero(F256);
                for (int half = 0; half < 2; half++) {
                    int ql = p + 64 * half;
                    int qh = p + 128 + 32 * half;
                    int sc = p + 192 + 8 * half;
                    int e0 = xo + i * 256 + 128 * half;
                    // values l .. l + 7 of each of the half's four runs of 32 (l = 8g); offsets linear in g
                    for (int g = 0; g < 4; g++) {
                        int e = e0 + 8 * g;
                        int s0 = sc + (g >> 1);
                        IntVector a = ints(w, ql + 8 * g);
                        IntVector b = ints(w, ql + 32 + 8 * g);
                        IntVector h = ints(w, qh + 8 * g);
                        FloatVector q1 = floats(h.and(BITS01)).fma(SIXTEEN, floats(a.and(LOW)).add(MINUS_32));
                        FloatVector q2 = floats(h.and(BITS23)).fma(FOUR, floats(b.and(LOW)).add(MINUS_32));
                        // high nibbles held times 16: bits 4-5 times 16 too, less 32 x 16
                        FloatVector q3 = floats(h.and(BITS45)).fma(SIXTEEN, floats(a.and(HIGH)).add(MINUS_512));
                        FloatVector q4 = floats(h.and(BITS67)).fma(FOUR, floats(b.and(HIGH)).add(MINUS_512));
                        lane = q1.mul(FloatVector.fromArray(F256, kf, e))
                                .fma(FloatVector.broadcast(F256, (float) w[s0]), lane);
                        lane = q2.mul(FloatVector.fromArray(F256, kf, e + 32))
                                .fma(FloatVector.broadcast(F256, (float) w[s0 + 2]), lane);
                        high = q3.mul(FloatVector.fromArray(F256, kf, e + 64))
                                .fma(FloatVector.broadcast(F256, w[s0 + 4] * 0.0625f), high);
                        high = q4.mul(FloatVector.fromArray(F256, kf, e + 96))
                                .fma(FloatVector.broadcast(F256, w[s0 + 6] * 0.0625f), high);
                    }
                }
                // the half read here, not through a call: a call in the loop spills the lanes
                float d = Kernels.HALF[(w[p + 208] & 0xFF) | (w[p + 209] & 0xFF) << 8] * kd[sb + i];
                sums = lane.add(high).mul(FloatVector.broadcast(F256, d)).add(sums);
            }
            sums.intoArray(lanes, 0);
            float sumf = 0;
            for (int l = 0; l < 8; l++) {
                sumf += lanes[l];
            }
            out[oo + r] = sumf;
        }
    }

    /*
     * The K-quant decode kernels widen each 8 bytes of nibbles once to 8 ints (sign-extended) and take both nibbles
     * from them with a mask: the low one exactly, the high one times 16, which the sub-block's scale / 16 takes back
     * (exact: the products of a sub-block and its lane sums are integers, multiples of 16, far below 2^24). A Q5_K
     * fifth bit is masked from its widened byte and scaled in floats.
     */

    /**
     * What the offsets of rows {@code [from, to)} of a Q4_K/Q5_K matrix take off, {@code 0 - Σ dmin × d_x × Σ bsums ×
     * min} over each row's blocks in order (ggml's {@code sumf -= dmin * sumi}), into {@code off[oo + r - from]}: the
     * running sum each row's {@link #q4kRows}, {@link #q5kRows} or {@link #q4kDot} starts from. The blocks' terms are
     * computed eight blocks at a time, one block a lane, from the mins held transposed ({@code mins}: 64 bytes per
     * eight blocks, sub-block {@code j} of block {@code 8g + k} at {@code 64g + 8j + k}), the blocks' {@code dmin} as
     * floats ({@code dmins}) and the input's 32-value sums and scales laid out to match ({@code kpT}, {@code kdT}:
     * {@link #laneInputs}); each term is {@code (dmin × d_x) × sumi}, as the scalar code makes it, then subtracted row
     * by row in block order, so the same bits. Done per block, with one reduction across lanes each, this took an
     * eighth of the decode kernel's time; reading {@code dmin} from the weights' blocks here, a pass ahead of the
     * kernel, fetched their memory twice.
     */
    static void offsets(float[] dmins, byte[] mins, int blocks, int from, int to, int[] kpT, float[] kdT, int period,
                        float[] terms, float[] off, int oo) {
        int g0 = from * blocks / 8;
        int g1 = (to * blocks + 7) / 8;
        for (int g = g0; g < g1; g++) {
            int ph = g % period;
            int m = 64 * g;
            int k = 64 * ph;
            IntVector sumi = IntVector.fromArray(I256, kpT, k).mul(ints(mins, m));
            sumi = IntVector.fromArray(I256, kpT, k + 8).mul(ints(mins, m + 8)).add(sumi);
            sumi = IntVector.fromArray(I256, kpT, k + 16).mul(ints(mins, m + 16)).add(sumi);
            sumi = IntVector.fromArray(I256, kpT, k + 24).mul(ints(mins, m + 24)).add(sumi);
            sumi = IntVector.fromArray(I256, kpT, k + 32).mul(ints(mins, m + 32)).add(sumi);
            sumi = IntVector.fromArray(I256, kpT, k + 40).mul(ints(mins, m + 40)).add(sumi);
            sumi = IntVector.fromArray(I256, kpT, k + 48).mul(ints(mins, m + 48)).add(sumi);
            sumi = IntVector.fromArray(I256, kpT, k + 56).mul(ints(mins, m + 56)).add(sumi);
            FloatVector.fromArray(F256, dmins, 8 * g).mul(FloatVector.fromArray(F256, kdT, 8 * ph)).mul(floats(sumi))
                    .intoArray(terms, 8 * (g - g0));
        }
        for (int r = from; r < to; r++) {
            int t = r * blocks - 8 * g0;
            float sumf = 0;
            for (int i = 0; i < blocks; i++) {
                sumf -= terms[t + i];
            }
            off[oo + r - from] = sumf;
        }
    }

    /**
     * One input's 32-value sums ({@code kpairs}, 8 a block from block {@code sb}) and scales ({@code kd}) laid out for
     * {@link #offsets} over a matrix of {@code blocks} blocks a row: lane {@code k} of group {@code g} is block
     * {@code (8g + k) mod blocks} of the input, a pattern that repeats every {@code period = blocks / gcd(blocks, 8)}
     * groups; {@code kpT} holds {@code 64 × period} ints (sub-block {@code j} of lane {@code k} at
     * {@code 64 ph + 8j + k}), {@code kdT} {@code 8 × period} floats.
     */
    static void laneInputs(int[] kpairs, float[] kd, int sb, int blocks, int period, int[] kpT, float[] kdT) {
        for (int ph = 0; ph < period; ph++) {
            for (int k = 0; k < 8; k++) {
                int i = (8 * ph + k) % blocks;
                kdT[8 * ph + k] = kd[sb + i];
                for (int j = 0; j < 8; j++) {
                    kpT[64 * ph + 8 * j + k] = kpairs[(sb + i) * 8 + j];
                }
            }
        }
    }

    /** Groups of eight blocks after which {@link #laneInputs}' pattern repeats for rows of {@code blocks} blocks. */
    static int period(int blocks) {
        int a = blocks;
        int b = 8;
        while (b != 0) {
            int r = a % b;
            a = b;
            b = r;
        }
        return blocks / a;
    }

    /** 8 bytes from {@code w[p]}, sign-extended to ints (always inlined: it is tiny). */
    private static IntVector ints(byte[] w, int p) {
        return (IntVector) ByteVector.fromArray(B64, w, p).convertShape(VectorOperators.B2I, I256, 0);
    }

    /** Ints as floats (always inlined: it is tiny). */
    private static FloatVector floats(IntVector v) {
        return (FloatVector) v.convertShape(VectorOperators.I2F, F256, 0);
    }

    /**
     * Rows {@code [from, to)} of a Q4_K matrix times one input quantised to Q8_K (a decode step) into {@code out[r]},
     * each row unpacked and multiplied in one pass, starting from its offsets ({@code off[r - from]},
     * {@link #offsets}): per lane the same integer sums as {@link #q4kUnpack} then {@link #q4kDot} (exact in floats),
     * scaled and added in the same order, so the same bits. A block's low-nibble and high-nibble sub-blocks go to two
     * lanes added at its end (exact integers, so the same sums), which halves the chain of dependent multiply-adds;
     * the loop over rows is in here, not around a call per row, so its setup is paid once (together, 1.2–1.3× on one
     * thread for 768- and 2048-column rows). Q4_K and Q5_K have a kernel each: a vector that flows through a branch is
     * boxed by Java 17, many times slower.
     */
    static void q4kRows(byte[] w, int from, int to, int blocks, byte[] scales, float[] kf, float[] kd, float[] off,
                        float[] out, float[] lanes) {
        int bytes = 144;
        for (int r = from; r < to; r++) {
            int at = r * blocks * bytes;
            int b0 = r * blocks;
            FloatVector sums = FloatVector.zero(F256);
            for (int i = 0; i < blocks; i++) {
                int p = at + i * bytes;
                int qs = p + 16;
                int o = 8 * (b0 + i);
                FloatVector lane = FloatVector.zero(F256);
                FloatVector high = FloatVector.zero(F256);
                for (int c = 0; c < 4; c++) {
                    int q = qs + 32 * c;
                    IntVector r0 = ints(w, q);
                    IntVector r1 = ints(w, q + 8);
                    IntVector r2 = ints(w, q + 16);
                    IntVector r3 = ints(w, q + 24);
                    int e = i * 256 + 64 * c;
                    FloatVector s = floats(r0.and(LOW)).mul(FloatVector.fromArray(F256, kf, e));
                    s = floats(r1.and(LOW)).fma(FloatVector.fromArray(F256, kf, e + 8), s);
                    s = floats(r2.and(LOW)).fma(FloatVector.fromArray(F256, kf, e + 16), s);
                    s = floats(r3.and(LOW)).fma(FloatVector.fromArray(F256, kf, e + 24), s);
                    lane = s.fma(FloatVector.broadcast(F256, (float) scales[o + 2 * c]), lane);
                    s = floats(r0.and(HIGH)).mul(FloatVector.fromArray(F256, kf, e + 32));
                    s = floats(r1.and(HIGH)).fma(FloatVector.fromArray(F256, kf, e + 40), s);
                    s = floats(r2.and(HIGH)).fma(FloatVector.fromArray(F256, kf, e + 48), s);
                    s = floats(r3.and(HIGH)).fma(FloatVector.fromArray(F256, kf, e + 56), s);
                    high = s.fma(FloatVector.broadcast(F256, scales[o + 2 * c + 1] * 0.0625f), high);
                }
                // the halves read here, not through a call: a call in the loop spills the lanes
                float d = Kernels.HALF[(w[p] & 0xFF) | (w[p + 1] & 0xFF) << 8] * kd[i];
                sums = lane.add(high).mul(FloatVector.broadcast(F256, d)).add(sums);
            }
            sums.intoArray(lanes, 0);
            float sumf = off[r - from];
            for (int l = 0; l < 8; l++) {
                sumf += lanes[l];
            }
            out[r] = sumf;
        }
    }

    /**
     * {@link #q4kRows} for Q5_K (one lane a block): each fifth bit masked from its widened byte, as a float, scaled
     * to 16 (or 256 for a high nibble, held times 16) and added, exactly.
     */
    static void q5kRows(byte[] w, int from, int to, int blocks, byte[] scales, float[] kf, float[] kd, float[] off,
                        float[] out, float[] lanes) {
        int bytes = 176;
        for (int r = from; r < to; r++) {
            int at = r * blocks * bytes;
            int b0 = r * blocks;
            FloatVector sums = FloatVector.zero(F256);
            for (int i = 0; i < blocks; i++) {
                int p = at + i * bytes;
                int qs = p + 48;
                int qh = p + 16;
                int o = 8 * (b0 + i);
                FloatVector lane = FloatVector.zero(F256);
                IntVector h0 = ints(w, qh);
                IntVector h1 = ints(w, qh + 8);
                IntVector h2 = ints(w, qh + 16);
                IntVector h3 = ints(w, qh + 24);
                // sub-block j: chunk j / 2's low nibbles for even j, high ones (held times 16) for odd; fifth bit j
                // (one loop body for both halves: written out for a chunk, the kernel is too large for C2 to inline
                // its vector operations)
                for (int j = 0; j < 8; j++) {
                    int q = qs + 32 * (j >> 1);
                    int high = 4 * (j & 1);
                    IntVector nibble = IntVector.broadcast(I256, 0x0F << high);
                    IntVector bit = IntVector.broadcast(I256, 1 << j);
                    FloatVector k = FloatVector.broadcast(F256, (float) (16 << high) / (1 << j));
                    int e = i * 256 + 32 * j;
                    FloatVector s = floats(h0.and(bit)).fma(k, floats(ints(w, q).and(nibble)))
                            .mul(FloatVector.fromArray(F256, kf, e));
                    s = floats(h1.and(bit)).fma(k, floats(ints(w, q + 8).and(nibble)))
                            .fma(FloatVector.fromArray(F256, kf, e + 8), s);
                    s = floats(h2.and(bit)).fma(k, floats(ints(w, q + 16).and(nibble)))
                            .fma(FloatVector.fromArray(F256, kf, e + 16), s);
                    s = floats(h3.and(bit)).fma(k, floats(ints(w, q + 24).and(nibble)))
                            .fma(FloatVector.fromArray(F256, kf, e + 24), s);
                    lane = s.fma(FloatVector.broadcast(F256, scales[o + j] / (float) (1 << high)), lane);
                }
                float dx = kd[i];
                // the halves read here, not through a call: a call in the loop spills the lanes
                float d = Kernels.HALF[(w[p] & 0xFF) | (w[p + 1] & 0xFF) << 8] * dx;
                sums = lane.mul(FloatVector.broadcast(F256, d)).add(sums);
            }
            sums.intoArray(lanes, 0);
            float sumf = off[r - from];
            for (int l = 0; l < 8; l++) {
                sumf += lanes[l];
            }
            out[r] = sumf;
        }
    }

    /**
     * A Q4_K (or, with {@code fifth}, Q5_K) row dequantised into {@code dst[off..]}: {@code d × sc × v − dmin × m}, a
     * product then a difference, as ggml's {@code dequantize_row_q4_K} (and {@code QuantBlocks}) computes it, so the
     * same bits; each value made exactly in floats from its masked, widened byte (a high nibble held times 16, then
     * times 1/16), plus its fifth bit scaled to 16. One sub-block at a time: written out per chunk, as
     * {@link #q4kUnpack} was, the method passes C2's node budget and its vector operations run as Java code. For the
     * prefill path.
     */
    static void q4kDequantise(byte[] w, int at, int blocks, boolean fifth, byte[] scales, byte[] mins, int b0,
                              float[] dst, int off) {
        int bytes = fifth ? 176 : 144;
        // Q4_K: the fifth bits read from zeros (a vector must not flow through a branch)
        byte[] hs = fifth ? w : ZEROS;
        for (int i = 0; i < blocks; i++) {
            int p = at + i * bytes;
            int qs = fifth ? p + 48 : p + 16;
            int qh = fifth ? p + 16 : 0;
            float d = Kernels.HALF[Kernels.half(w, p)];
            float dmin = Kernels.HALF[Kernels.half(w, p + 2)];
            int o = 8 * (b0 + i);
            int mo = 64 * ((b0 + i) >> 3) + ((b0 + i) & 7);
            for (int j = 0; j < 8; j++) {
                int q = qs + 32 * (j >> 1);
                int high = 4 * (j & 1);
                IntVector nibble = IntVector.broadcast(I256, 0x0F << high);
                FloatVector unit = FloatVector.broadcast(F256, 1f / (1 << high));
                IntVector bit = IntVector.broadcast(I256, 1 << j);
                FloatVector sixteen = FloatVector.broadcast(F256, 16f / (1 << j));
                FloatVector d1 = FloatVector.broadcast(F256, d * scales[o + j]);
                FloatVector m1 = FloatVector.broadcast(F256, dmin * mins[mo + 8 * j]);
                int e = off + i * 256 + 32 * j;
                for (int g = 0; g < 32; g += 8) {
                    FloatVector v = floats(ints(w, q + g).and(nibble)).mul(unit)
                            .add(floats(ints(hs, qh + (fifth ? g : 0)).and(bit)).mul(sixteen));
                    v.mul(d1).sub(m1).intoArray(dst, e + g);
                }
            }
        }
    }

    /**
     * A Q6_K row dequantised into {@code dst[off..]}: each value {@code (low nibble | high bits << 4) − 32} made
     * exactly in floats from masked, widened bytes, times {@code d × sc}, as ggml's {@code dequantize_row_q6_K}
     * computes it, so the same bits. For the prefill path.
     */
    static void q6kDequantise(byte[] w, int at, int blocks, float[] dst, int off) {
        for (int i = 0; i < blocks; i++) {
            int p = at + i * 210;
            float d = Kernels.HALF[Kernels.half(w, p + 208)];
            for (int half = 0; half < 2; half++) {
                int ql = p + 64 * half;
                int qh = p + 128 + 32 * half;
                int sc = p + 192 + 8 * half;
                for (int g = 0; g < 4; g++) {
                    int is = g >> 1;
                    IntVector a = ints(w, ql + 8 * g);
                    IntVector b = ints(w, ql + 32 + 8 * g);
                    IntVector h = ints(w, qh + 8 * g);
                    FloatVector q1 = floats(h.and(BITS01)).fma(SIXTEEN, floats(a.and(LOW)).add(MINUS_32));
                    FloatVector q2 = floats(h.and(BITS23)).fma(FOUR, floats(b.and(LOW)).add(MINUS_32));
                    FloatVector q3 = floats(a.and(HIGH)).fma(SIXTEENTH, floats(h.and(BITS45)).add(MINUS_32));
                    FloatVector q4 = floats(b.and(HIGH)).fma(SIXTEENTH, floats(h.and(BITS67)).fma(QUARTER, MINUS_32));
                    int e = off + i * 256 + 128 * half + 8 * g;
                    q1.mul(FloatVector.broadcast(F256, d * w[sc + is])).intoArray(dst, e);
                    q2.mul(FloatVector.broadcast(F256, d * w[sc + is + 2])).intoArray(dst, e + 32);
                    q3.mul(FloatVector.broadcast(F256, d * w[sc + is + 4])).intoArray(dst, e + 64);
                    q4.mul(FloatVector.broadcast(F256, d * w[sc + is + 6])).intoArray(dst, e + 96);
                }
            }
        }
    }

    /**
     * A Q4_K (or Q5_K) row's values unpacked into {@code wf} as floats (exact, 0–31), once per row for every input of
     * a step of several sequences ({@link #q4kDot}): each value from its masked, widened byte (a high nibble held
     * times 16, then times 1/16) plus its fifth bit scaled to 16, one sub-block at a time, as
     * {@link #q4kDequantise} makes them. Written out per chunk with 16-byte loads split in halves, it unpacked 2.0
     * (Q4_K) and 1.5 (Q5_K) G values/s on one thread here, against 3.2 and 2.6 now, and inlined into a larger method
     * it passed C2's node budget and ran as Java code.
     */
    static void q4kUnpack(byte[] w, int at, int blocks, boolean fifth, float[] wf) {
        int bytes = fifth ? 176 : 144;
        // Q4_K: the fifth bits read from zeros (a vector must not flow through a branch)
        byte[] hs = fifth ? w : ZEROS;
        for (int i = 0; i < blocks; i++) {
            int p = at + i * bytes;
            int qs = fifth ? p + 48 : p + 16;
            int qh = fifth ? p + 16 : 0;
            for (int j = 0; j < 8; j++) {
                int q = qs + 32 * (j >> 1);
                int high = 4 * (j & 1);
                IntVector nibble = IntVector.broadcast(I256, 0x0F << high);
                FloatVector unit = FloatVector.broadcast(F256, 1f / (1 << high));
                IntVector bit = IntVector.broadcast(I256, 1 << j);
                FloatVector sixteen = FloatVector.broadcast(F256, 16f / (1 << j));
                int e = i * 256 + 32 * j;
                for (int g = 0; g < 32; g += 8) {
                    floats(ints(w, q + g).and(nibble)).mul(unit)
                            .add(floats(ints(hs, qh + (fifth ? g : 0)).and(bit)).mul(sixteen)).intoArray(wf, e + g);
                }
            }
        }
    }

    /**
     * An unpacked Q4_K/Q5_K row ({@link #q4kUnpack}) times an input quantised to Q8_K ({@code kf}: its values as
     * floats, {@code kd}: its scales), as {@link QuantMatrix}'s scalar code computes it: products summed per lane
     * (element index mod 8) and weighted by the sub-block scales ({@code scales}, unpacked when the model loads, 8
     * bytes a block from block {@code b0}), exact in floats (below 2<sup>24</sup>); each block's lanes scaled by
     * {@code d} and added to the running float lanes (a multiply, then an add); the lanes added in order at the end
     * to {@code offsets} ({@link #offsets}).
     */
    static float q4kDot(float[] wf, byte[] scales, int b0, byte[] w, int at, int blocks, boolean fifth, float[] kf,
                        int xo, float[] kd, int sb, float offsets, float[] lanes) {
        int bytes = fifth ? 176 : 144;
        FloatVector sums = FloatVector.zero(F256);
        float sumf = offsets;
        for (int i = 0; i < blocks; i++) {
            int p = at + i * bytes;
            int so = 8 * (b0 + i);
            FloatVector lane = FloatVector.zero(F256);
            for (int c = 0; c < 4; c++) {
                int o = i * 256 + 64 * c;
                int e = xo + o;
                FloatVector s = FloatVector.fromArray(F256, wf, o).mul(FloatVector.fromArray(F256, kf, e));
                s = FloatVector.fromArray(F256, wf, o + 8).fma(FloatVector.fromArray(F256, kf, e + 8), s);
                s = FloatVector.fromArray(F256, wf, o + 16).fma(FloatVector.fromArray(F256, kf, e + 16), s);
                s = FloatVector.fromArray(F256, wf, o + 24).fma(FloatVector.fromArray(F256, kf, e + 24), s);
                lane = s.fma(FloatVector.broadcast(F256, (float) scales[so + 2 * c]), lane);
                s = FloatVector.fromArray(F256, wf, o + 32).mul(FloatVector.fromArray(F256, kf, e + 32));
                s = FloatVector.fromArray(F256, wf, o + 40).fma(FloatVector.fromArray(F256, kf, e + 40), s);
                s = FloatVector.fromArray(F256, wf, o + 48).fma(FloatVector.fromArray(F256, kf, e + 48), s);
                s = FloatVector.fromArray(F256, wf, o + 56).fma(FloatVector.fromArray(F256, kf, e + 56), s);
                lane = s.fma(FloatVector.broadcast(F256, (float) scales[so + 2 * c + 1]), lane);
            }
            float dx = kd[sb + i];
            float d = Kernels.HALF[Kernels.half(w, p)] * dx;
            sums = lane.mul(FloatVector.broadcast(F256, d)).add(sums);
        }
        sums.intoArray(lanes, 0);
        for (int l = 0; l < 8; l++) {
            sumf += lanes[l];
        }
        return sumf;
    }
}
