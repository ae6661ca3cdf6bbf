package org.joulebench.zoo.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rewrites a llama GGUF with its weight matrices in another type, as llama.cpp's {@code llama-quantize} does for
 * one type: metadata copied unchanged but {@code general.file_type} (and two keys saying who quantised it and from
 * what), 1-D tensors (norms) as F32, each matrix dequantised to floats and written in the asked type. A matrix whose
 * rows are not a whole number of the type's blocks falls back per tensor: to Q8_0 when its rows are a multiple of
 * 32 (llama.cpp takes Q5_0 for the K-quants, which Joulebench does not write), else to F16. Already quantised
 * matrices are requantised from their dequantised values, so each pass adds its own rounding.
 *
 * <p>{@link #open} checks everything that can be checked before writing; {@link #write} then streams row by row.
 */
public final class GgufQuantizer implements AutoCloseable {

    /** Which tool wrote the file's tensors, e.g. {@code "joulebench zoo quantize"}. */
    public static final String QUANTIZED_BY_KEY = "joulebench.quantized_by";
    /** The matrix types of the input, e.g. {@code "F32"} or {@code "F32+Q8_0"}. */
    public static final String QUANTIZED_FROM_KEY = "joulebench.quantized_from";
    /** One line per fallback kind (absent when no tensor fell back). */
    public static final String FALLBACKS_KEY = "joulebench.quantize_fallbacks";
    static final String TOOL = "joulebench zoo quantize";
    /** Bytes allowed for the keys this class adds and rounding of the estimate. */
    private static final long SLACK_BYTES = 64 * 1024;

    /** Tensors of one fallback kind: rows of {@code rowLength} that are not whole {@code asked} blocks. */
    public record Fallback(GgmlType asked, GgmlType used, long rowLength, int tensors) {
        /** E.g. {@code "7 tensors kept as Q8_0: rows of 288 are not a multiple of 256"}. */
        public String line() {
            return tensors + (tensors == 1 ? " tensor" : " tensors") + " kept as " + used + ": rows of " + rowLength
                    + " are not a multiple of " + asked.blockSize() + " (" + asked + " blocks)";
        }
    }

    private record Plan(GgufTensor in, GgmlType out) {
    }

    /**
     * llama.cpp's "medium" K-quant mixes, the types most public GGUFs ship in: the base type everywhere except
     * {@code output.weight} and, in the layers that get more bits (the first and last eighth, and every third one
     * between), {@code attn_v} and {@code ffn_down}, which are Q6_K (llama.cpp's {@code llama_tensor_get_type}).
     */
    public enum Mix {
        Q4_K_M(GgmlType.Q4_K, 15),
        Q5_K_M(GgmlType.Q5_K, 17);

        private final GgmlType base;
        private final int fileType;

        Mix(GgmlType base, int fileType) {
            this.base = base;
            this.fileType = fileType;
        }

        public GgmlType base() {
            return base;
        }

        /** The type of the matrix {@code name} in a model of {@code layers} blocks. */
        GgmlType typeOf(String name, int layers) {
            if (name.equals("output.weight")) {
                return GgmlType.Q6_K;
            }
            if (name.startsWith("blk.") && (name.endsWith(".attn_v.weight") || name.endsWith(".ffn_down.weight"))) {
                int layer = Integer.parseInt(name.substring(4, name.indexOf('.', 4)));
                if (moreBits(layer, layers)) {
                    return GgmlType.Q6_K;
                }
            }
            return base;
        }

        private static boolean moreBits(int i, int n) {
            return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
        }
    }

    private final GgufFile in;
    private final GgmlType type;
    private final Mix mix;
    private final List<Plan> plans;
    private final List<Fallback> fallbacks;
    private final String fromTypes;

    private GgufQuantizer(GgufFile in, GgmlType type, Mix mix, List<Plan> plans, List<Fallback> fallbacks,
                          String fromTypes) {
        this.in = in;
        this.type = type;
        this.mix = mix;
        this.plans = plans;
        this.fallbacks = fallbacks;
        this.fromTypes = fromTypes;
    }

    /**
     * Opens {@code file} and plans its tensors' types.
     *
     * @throws GgufFormatException      when the file is not GGUF or is damaged
     * @throws IllegalArgumentException when it is not a llama model, holds a tensor type Joulebench cannot read, or
     *                                  {@code type} is not one Joulebench writes
     */
    public static GgufQuantizer open(Path file, GgmlType type) throws IOException {
        type.requireSupported();
        if (type == GgmlType.F32) {
            throw new IllegalArgumentException("quantising to F32 is no quantisation; ask for F16, Q8_0, Q4_0, Q4_K,"
                    + " Q5_K or Q6_K");
        }
        GgufFile f = GgufFile.open(file);
        try {
            return plan(f, type, null);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** {@link #open(Path, GgmlType)} for a mix of types ({@link Mix}). */
    public static GgufQuantizer open(Path file, Mix mix) throws IOException {
        GgufFile f = GgufFile.open(file);
        try {
            return plan(f, mix.base(), mix);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private static GgufQuantizer plan(GgufFile f, GgmlType asked, Mix mix) {
        String arch = f.get("general.architecture").filter(v -> v.type() == GgufValueType.STRING)
                .map(GgufValue::asString).orElse(null);
        if (!"llama".equals(arch)) {
            throw new IllegalArgumentException(f.path() + " is a " + (arch == null ? "model without"
                    + " general.architecture" : "'" + arch + "' model") + "; Joulebench quantises llama models only");
        }
        int layers = f.get("llama.block_count").map(v -> (int) v.asLong()).orElse(0);
        Set<String> unreadable = new TreeSet<>();
        Set<String> from = new TreeSet<>();
        List<Plan> plans = new ArrayList<>();
        Map<String, Fallback> fallbacks = new LinkedHashMap<>();
        for (GgufTensor t : f.tensors()) {
            if (!t.type().supported()) {
                unreadable.add(t.type() + " (" + t.name() + ")");
                continue;
            }
            if (t.rank() == 1) {
                plans.add(new Plan(t, GgmlType.F32));
                continue;
            }
            from.add(t.type().name());
            GgmlType type = mix == null ? asked : mix.typeOf(t.name(), layers);
            GgmlType out = type;
            long row = t.rowLength();
            if (row % type.blockSize() != 0) {
                out = row % GgmlType.Q8_0.blockSize() == 0 && type != GgmlType.Q8_0 ? GgmlType.Q8_0 : GgmlType.F16;
                String kind = out + "/" + row;
                Fallback before = fallbacks.get(kind);
                fallbacks.put(kind, new Fallback(type, out, row, before == null ? 1 : before.tensors() + 1));
            }
            plans.add(new Plan(t, out));
        }
        if (!unreadable.isEmpty()) {
            throw new IllegalArgumentException(f.path() + " holds tensors of types Joulebench cannot read: "
                    + String.join(", ", unreadable.stream().limit(3).toList())
                    + (unreadable.size() > 3 ? " and " + (unreadable.size() - 3) + " more" : "")
                    + "; Joulebench reads F32, F16, Q8_0, Q4_0, Q4_K, Q5_K and Q6_K (quantise it with llama.cpp's"
                    + " llama-quantize instead)");
        }
        return new GgufQuantizer(f, asked, mix, List.copyOf(plans), List.copyOf(fallbacks.values()),
                from.isEmpty() ? "none" : String.join("+", from));
    }

    /** The tensors that could not be written in the asked type, by kind; empty when all could. */
    public List<Fallback> fallbacks() {
        return fallbacks;
    }

    /** The input's matrix types, e.g. {@code "F32"}. */
    public String fromTypes() {
        return fromTypes;
    }

    /** The number of tensors, and of those written in the asked type. */
    public int tensors() {
        return plans.size();
    }

    public int tensorsInAskedType() {
        return (int) plans.stream().filter(p -> p.out() == type && p.in().rank() > 1).count();
    }

    /** How many matrices are written in each type, e.g. {@code {Q4_K=74, Q6_K=13}}. */
    public Map<GgmlType, Integer> matrixTypes() {
        Map<GgmlType, Integer> n = new java.util.TreeMap<>();
        plans.stream().filter(p -> p.in().rank() > 1).forEach(p -> n.merge(p.out(), 1, Integer::sum));
        return n;
    }

    /** About how many bytes {@link #write} writes: the input's header, the tensors exactly, a margin for padding. */
    public long estimatedFileBytes() {
        long data = 0;
        for (Plan p : plans) {
            data += p.out().byteSize(p.in().elements()) + in.alignment();
        }
        return in.dataOffset() + data + SLACK_BYTES;
    }

    /** Writes the quantised copy to {@code out} (through a {@code .part} file that is removed on any failure). */
    public void write(Path out) throws IOException {
        GgufWriter w = new GgufWriter();
        for (Map.Entry<String, GgufValue> kv : in.metadata().entrySet()) {
            String key = kv.getKey();
            if (key.equals(QUANTIZED_BY_KEY) || key.equals(QUANTIZED_FROM_KEY) || key.equals(FALLBACKS_KEY)) {
                continue; // a requantised file says what this pass did
            }
            GgufValue v = key.equals("general.file_type") ? GgufValue.uint32(fileType())
                    : key.equals(GgufFile.ALIGNMENT_KEY) ? GgufValue.uint32(kv.getValue().asLong()) : kv.getValue();
            w.put(key, v);
        }
        if (in.get("general.file_type").isEmpty()) {
            w.put("general.file_type", GgufValue.uint32(fileType()));
        }
        w.put(QUANTIZED_BY_KEY, GgufValue.string(TOOL));
        w.put(QUANTIZED_FROM_KEY, GgufValue.string(fromTypes));
        if (!fallbacks.isEmpty()) {
            w.put(FALLBACKS_KEY, GgufValue.strings(fallbacks.stream().map(Fallback::line).toList()));
        }
        for (Plan p : plans) {
            GgufTensor t = p.in();
            ByteBuffer data = in.data(t);
            int rowBytes = (int) t.type().byteSize(t.rowLength());
            w.tensor(t.name(), p.out(), t.dims(), (row, values) -> TensorCodec.decode(t.type(),
                    data.slice((int) (row * rowBytes), rowBytes).order(ByteOrder.LITTLE_ENDIAN), values));
        }
        w.write(out);
    }

    private int fileType() {
        return mix != null ? mix.fileType : SyntheticLlama.fileType(type);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
