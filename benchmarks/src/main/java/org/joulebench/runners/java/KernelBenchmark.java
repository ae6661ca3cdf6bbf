package org.joulebench.runners.java;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufFile;
import org.joulebench.zoo.gguf.GgufValue;
import org.joulebench.zoo.gguf.GgufWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure-Java engine's matrix-vector product, one thread, per weight type: a {@value #ROWS} × {@value #COLS} matrix
 * of random weights written as a GGUF tensor and read back as the engine reads a model ({@link Matrix#of}), times one
 * input vector (a decode step), prepared for the type as the engine prepares it. {@code product} is the engine's own
 * choice of kernels: the Vector API ones (hence {@code --add-modules jdk.incubator.vector} in the fork; the setup
 * fails without it); {@code scalarProduct} the scalar ones, for the types that have both ({@link QuantMatrix}: Q4_0
 * and the K-quants). Weight bytes read per product: {@link Matrix#bytesPerRow} × rows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2) // the Vector API kernels are slow until C2 has compiled them
@org.openjdk.jmh.annotations.Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmark {

    static final int ROWS = 1024;
    static final int COLS = 1024;

    /** A matrix of one type, an input prepared for it, and the engine's scratch space. */
    abstract static class Loaded {
        Matrix matrix;
        Activations x;
        float[] out;
        Matrix.Scratch scratch;

        void load(String type) throws IOException {
            if (!Kernels.VECTOR) {
                throw new IllegalStateException("the Vector API is not in this JVM (" + Kernels.whyScalar() + ")");
            }
            GgmlType t = GgmlType.valueOf(type);
            SplittableRandom random = new SplittableRandom(7);
            float[] w = new float[ROWS * COLS];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextDouble() * 2 - 1);
            }
            Path file = Files.createTempFile("joulebench-kernel-", ".gguf");
            try {
                new GgufWriter().put("general.architecture", GgufValue.string("bench"))
                        .tensor("w", t, new long[] {COLS, ROWS}, w).write(file);
                try (GgufFile f = GgufFile.open(file)) {
                    ByteBuffer data = f.data(f.tensors().get(0)).order(ByteOrder.LITTLE_ENDIAN);
                    matrix = Matrix.of("w", t, ROWS, COLS, data);
                }
            } finally {
                Files.deleteIfExists(file);
            }
            x = new Activations(COLS, 1);
            for (int i = 0; i < COLS; i++) {
                x.f[i] = (float) (random.nextDouble() * 2 - 1);
            }
            x.filled(1);
            x.prepare(t);
            out = new float[ROWS];
            scratch = new Matrix.Scratch(COLS);
        }
    }

    @State(Scope.Benchmark)
    public static class AnyType extends Loaded {
        @Param({"F32", "F16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
        public String type;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            load(type);
        }
    }

    @State(Scope.Benchmark)
    public static class QuantType extends Loaded {
        @Param({"Q4_0", "Q4_K", "Q6_K"})
        public String type;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            load(type);
        }
    }

    /** One product on the kernels the engine picks (the Vector API ones). */
    @Benchmark
    public float[] product(AnyType m) {
        m.matrix.multiply(m.x, m.out, 0, ROWS, m.scratch);
        return m.out;
    }

    /** One product on the scalar kernels. */
    @Benchmark
    public float[] scalarProduct(QuantType m) {
        ((QuantMatrix) m.matrix).multiply(m.x, m.out, 0, ROWS, m.scratch, false);
        return m.out;
    }
}
