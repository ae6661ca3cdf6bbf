package org.joulebench.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufFile;
import org.joulebench.zoo.gguf.GgufTensor;

/**
 * Bytes of weights one decode step reads, estimated from a llama GGUF file's tensors: every tensor once, except the
 * token embedding, of which one row is read (all of it when there is no {@code output.weight}, as it is then the
 * output matrix too). The key/value cache and activations are not counted.
 *
 * @param asStored   bytes as the file stores them, as llama.cpp reads them
 * @param javaEngine bytes as the java engine holds them: F32 and F16 matrices decoded to 4-byte floats, Q8_0 blocks
 *                   split into values and a float scale (36 bytes a block, 34 in the file), Q4_K and Q5_K blocks as
 *                   stored plus their sub-block scales and mins unpacked and dmin as a float (20 bytes a block), the
 *                   others as stored
 */
record WeightTraffic(long asStored, long javaEngine) {

    static WeightTraffic of(Path gguf) throws IOException {
        try (GgufFile f = GgufFile.open(gguf)) {
            boolean tied = f.tensor("output.weight").isEmpty();
            long stored = 0;
            long java = 0;
            for (GgufTensor t : f.tensors()) {
                double share = t.name().equals("token_embd.weight") && !tied ? 1.0 / t.rows() : 1.0;
                stored += Math.round(t.byteSize() * share);
                long held = held(t);
                java += Math.round(held * share);
            }
            return new WeightTraffic(stored, java);
        }
    }

    private static long held(GgufTensor t) {
        long blocks = t.elements() / t.type().blockSize();
        return switch (t.type()) {
            case F16, F32 -> t.elements() * Float.BYTES;
            case Q8_0 -> blocks * (32 + Float.BYTES);
            case Q4_K, Q5_K -> t.byteSize() + blocks * 20;
            default -> t.byteSize();
        };
    }
}
