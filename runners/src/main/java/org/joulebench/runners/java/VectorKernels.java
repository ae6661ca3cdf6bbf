package org.joulebench.runners.java;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Kernels}' loops on the Vector API; loaded only where the JVM has {@code jdk.incubator.vector}. */
final class VectorKernels {

    private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_64;
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;

    private VectorKernels() {
    }

    private static FloatVector bytes(ByteBuffer w, int at) {
        return (FloatVector) ByteVector.fromByteBuffer(B64, w, at, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.B2F, F256, 0);
    }

    /** {@link Kernels#q8Row}. */
    static float q8Row(ByteBuffer w, int at, int blocks, float[] xf, int xo, float[] xd, int xb, float[] lanes) {
        FloatVector acc = FloatVector.zero(F256);
        for (int k = 0; k < blocks; k++) {
            int p = at + k * 34;
            float d = Kernels.HALF[w.getShort(p) & 0xFFFF] * xd[xb + k];
            int q = p + 2;
            int x = xo + k * 32;
            FloatVector s = bytes(w, q).mul(FloatVector.fromArray(F256, xf, x));
            s = bytes(w, q + 8).fma(FloatVector.fromArray(F256, xf, x + 8), s);
            s = bytes(w, q + 16).fma(FloatVector.fromArray(F256, xf, x + 16), s);
            s = bytes(w, q + 24).fma(FloatVector.fromArray(F256, xf, x + 24), s);
            acc = s.fma(FloatVector.broadcast(F256, d), acc);
        }
        acc.intoArray(lanes, 0);
        return Kernels.sum(lanes);
    }
}
