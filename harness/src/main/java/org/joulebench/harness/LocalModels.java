package org.joulebench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufFile;
import org.joulebench.zoo.gguf.GgufTensor;
import org.joulebench.zoo.gguf.GgufValue;
import org.joulebench.zoo.gguf.SyntheticLlama;

/** Zoo entries for GGUF files on disk (trained elsewhere, or written by {@code joulebench zoo synth}). */
public final class LocalModels {

    /** The family of files marked as random weights: their accuracy is not applicable. */
    static final String SYNTHETIC_FAMILY = "Llama (synthetic, random weights)";

    private LocalModels() {
    }

    static boolean synthetic(ModelEntry e) {
        return SYNTHETIC_FAMILY.equals(e.family());
    }

    /**
     * An entry describing {@code file} from its own metadata, with its sha256 computed now; a missing file, one that
     * is not GGUF or not a llama model is refused with the reason (the messages name the {@code --gguf} option).
     */
    public static ModelEntry fromGguf(Path file) throws InputException {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new InputException("--gguf " + file + ": no such file", "give the path of a .gguf file");
        }
        try (GgufFile g = GgufFile.open(abs)) {
            String arch = g.get("general.architecture").map(GgufValue::asString).orElse("?");
            if (!"llama".equals(arch)) {
                throw new InputException("--gguf " + file + ": architecture '" + arch + "', Joulebench runs llama",
                        "give a llama GGUF (see docs/generative-models.md)");
            }
            long params = 0;
            GgmlType weights = GgmlType.F32;
            for (GgufTensor t : g.tensors()) {
                params += t.elements();
                if (t.name().endsWith("attn_q.weight")) {
                    weights = t.type();
                }
            }
            boolean synthetic = g.get(SyntheticLlama.SYNTHETIC_KEY).map(GgufValue::asBoolean).orElse(false);
            String name = abs.getFileName().toString().replaceFirst("\\.gguf$", "");
            int context = g.get("llama.context_length").map(GgufValue::asInt).orElse(512);
            return new ModelEntry(name, synthetic ? SYNTHETIC_FAMILY : "Llama", "generation", params,
                    g.get("llama.block_count").map(GgufValue::asInt).orElse(0),
                    g.get("llama.embedding_length").map(GgufValue::asInt).orElse(0), precision(weights), "gguf",
                    new ModelSource("file", abs.getParent().toString(), abs.getFileName().toString(), ""),
                    org.joulebench.zoo.Sha256.hex(abs), Files.size(abs), g.get("general.license").map(GgufValue::asString).orElse("unknown"),
                    Pooling.MEAN, false, context,
                    synthetic ? "synthetic (random weights)" : g.get("general.name").map(GgufValue::asString)
                            .orElse(name), "");
        } catch (IOException e) {
            throw new InputException("--gguf " + file + ": not a readable GGUF file: " + e.getMessage(),
                    "give a GGUF v3 file (see docs/generative-models.md)");
        }
    }

    private static Precision precision(GgmlType t) {
        return switch (t) {
            case F32 -> Precision.FP32;
            case F16 -> Precision.FP16;
            case Q8_0 -> Precision.INT8;
            case Q4_0, Q4_K -> Precision.INT4;
            case Q5_K -> Precision.INT5;
            case Q6_K -> Precision.INT6;
            default -> Precision.UNKNOWN;
        };
    }
}
