package org.joulebench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import org.joulebench.harness.InputException;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.GgufFormatException;
import org.joulebench.zoo.gguf.GgufQuantizer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes a copy of a llama GGUF with its matrices in a quantised type, falling back per tensor where rows are not whole
 * blocks of the type, and saying so.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Write a copy of a llama GGUF with its weight matrices in another type (norms stay f32).",
        footer = {"Each matrix is read as floats (a quantised one is dequantised first, so requantising adds its own "
                + "rounding) and written in --type. A matrix whose rows are not a whole number of the type's blocks "
                + "(256 values for the K-quants, 32 for q4_0 and q8_0) is kept as q8_0 when its rows are a multiple of "
                + "32, else as f16 (llama.cpp's quantizer falls back per tensor too); each kind of fallback is "
                + "printed and recorded in the file's metadata (joulebench.quantize_fallbacks).",
                "Example: joulebench zoo quantize models/110m.gguf models/110m-q4_k.gguf --type q4_k"})
final class QuantizeCommand implements Callable<Integer> {

    static final List<GgmlType> TYPES = List.of(GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
            GgmlType.Q8_0);
    private static final String TYPE_LIST = "q4_0, q4_k, q5_k, q6_k, q8_0, q4_k_m or q5_k_m";

    @Parameters(index = "0", paramLabel = "IN.gguf", description = "the llama GGUF to read")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT.gguf", description = "the GGUF file to write")
    Path out;

    @Option(names = "--type", required = true, paramLabel = "q4_0|q4_k|q5_k|q6_k|q8_0|q4_k_m|q5_k_m",
            description = "the type of the weight matrices, or llama.cpp's mix q4_k_m / q5_k_m (Q4_K / Q5_K with"
                    + " output, and attn_v and ffn_down in some layers, as Q6_K)")
    String type;

    @Option(names = "--overwrite", description = "replace OUT if it exists (without it, an existing file is refused)")
    boolean overwrite;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException {
        GgufQuantizer.Mix mix = mix();
        GgmlType target = mix != null ? mix.base() : target();
        if (!Files.isRegularFile(in)) {
            throw new InputException("IN " + in + (Files.exists(in) ? " is not a file" : " does not exist"),
                    "give the path of a GGUF model, e.g. one written by joulebench zoo synth");
        }
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize()) || sameFile(in, out)) {
            throw new InputException("OUT " + out + " is IN; quantising in place would destroy the model it reads",
                    "give another file name for OUT");
        }
        try (GgufQuantizer q = open(target, mix)) {
            SynthCommand.checkSpace(q.estimatedFileBytes(), SynthCommand.usableSpace(out), out, "OUT",
                    "free space where OUT goes, or write it elsewhere");
            OutputFiles.checkWritable(out, "OUT", overwrite);
            String signal = write(q);
            if (signal != null) {
                spec.commandLine().getErr().println("joulebench: interrupted by SIG" + signal + " while writing " + out
                        + "; the partial file was removed");
                return Interrupts.status(signal);
            }
            var o = spec.commandLine().getOut();
            for (GgufQuantizer.Fallback f : q.fallbacks()) {
                o.println(f.line());
            }
            if (mix != null) {
                o.printf(Locale.ROOT, "wrote %s as %s: matrices %s (from %s; norms f32)%n", out,
                        mix.name().toLowerCase(Locale.ROOT), q.matrixTypes().entrySet().stream()
                                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
                                .collect(java.util.stream.Collectors.joining(", ")),
                        q.fromTypes().toLowerCase(Locale.ROOT));
            } else {
                o.printf(Locale.ROOT, "wrote %s: %d of %d tensors as %s (from %s; norms f32)%n", out,
                        q.tensorsInAskedType(), q.tensors(), target.name().toLowerCase(Locale.ROOT),
                        q.fromTypes().toLowerCase(Locale.ROOT));
            }
            o.flush();
            return 0;
        } catch (IOException e) {
            throw new InputException("cannot read " + in + ": " + e.getMessage(), "give a readable GGUF file");
        }
    }

    private GgmlType target() throws InputException {
        for (GgmlType t : TYPES) {
            if (t.name().equalsIgnoreCase(type)) {
                return t;
            }
        }
        throw new InputException("--type must be " + TYPE_LIST + ", was '" + type + "'",
                "e.g. --type q4_k (K-quants need rows that are multiples of 256; others fall back)");
    }

    private GgufQuantizer.Mix mix() {
        for (GgufQuantizer.Mix m : GgufQuantizer.Mix.values()) {
            if (m.name().equalsIgnoreCase(type)) {
                return m;
            }
        }
        return null;
    }

    private GgufQuantizer open(GgmlType target, GgufQuantizer.Mix mix) throws InputException {
        try {
            return mix != null ? GgufQuantizer.open(in, mix) : GgufQuantizer.open(in, target);
        } catch (GgufFormatException e) {
            throw new InputException("IN " + e.getMessage(), "give a GGUF model file");
        } catch (IOException e) {
            throw new InputException("cannot read IN " + in + ": " + e.getMessage(), "give a readable GGUF file");
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new InputException(e.getMessage(), "give a llama GGUF of f32, f16, q8_0, q4_0 or K-quant tensors");
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes the file; a SIGINT or SIGTERM meanwhile interrupts this thread, whose file channel then closes, and the
     * writer removes its {@code .part} file as on any failure. Returns the signal's name if one stopped the write.
     */
    private String write(GgufQuantizer q) throws InputException {
        Thread writer = Thread.currentThread();
        AtomicReference<String> signal = new AtomicReference<>();
        try (Interrupts ignored = Interrupts.handle(name -> {
            signal.compareAndSet(null, name);
            writer.interrupt();
        })) {
            q.write(out);
            return null;
        } catch (IOException | IllegalArgumentException e) {
            if (signal.get() == null) {
                throw new InputException("cannot write " + out + ": " + e.getMessage(), "choose a writable OUT "
                        + "with room for the file");
            }
        } finally {
            Thread.interrupted();
        }
        return signal.get();
    }
}
