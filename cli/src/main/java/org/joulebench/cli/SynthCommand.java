package org.joulebench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.joulebench.harness.InputException;
import org.joulebench.harness.RunFailedException;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.SyntheticLlama;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a random-weight Llama GGUF of a given shape: energy per token depends on shape and
 * engine, not on the weights, so these give real J/token curves against parameter count with no
 * download. Their accuracy is meaningless and reported as not applicable.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write a random-weight Llama GGUF of a given shape or preset (for J/token scaling studies).",
        footer = {"Presets: tiny, 15m (llama2.c stories15M shape), 110m, 1b (8 kv heads, Q8_0).",
                "Example: joulebench zoo synth --preset 110m --out models/110m.gguf",
                "         joulebench zoo synth --arch llama --layers 6 --dim 288 --heads 6 --vocab 32000 --out m.gguf"})
final class SynthCommand implements Callable<Integer> {

    @Option(names = "--arch", paramLabel = "ARCH", description = "architecture (default: ${DEFAULT-VALUE}; the only one)")
    String arch = "llama";

    @Option(names = "--preset", paramLabel = "NAME", description = "a named shape: tiny, 15m, 110m, 1b")
    String preset;

    @Option(names = "--layers", paramLabel = "L") Integer layers;

    @Option(names = "--dim", paramLabel = "D") Integer dim;

    @Option(names = "--heads", paramLabel = "H") Integer heads;

    @Option(names = "--kv-heads", paramLabel = "H", description = "key/value heads (default: --heads)") Integer kvHeads;

    @Option(names = "--ffn", paramLabel = "F", description = "feed-forward width (default: 8/3 × dim, rounded up to 32)")
    Integer ffn;

    @Option(names = "--vocab", paramLabel = "V", description = "vocabulary size (default: ${DEFAULT-VALUE})")
    int vocab = 32000;

    @Option(names = "--context", paramLabel = "C", description = "context length (default: ${DEFAULT-VALUE})")
    int context = 2048;

    @Option(names = "--type", paramLabel = "f32|f16|q8_0", description = "weight type (default: the preset's, else f32)")
    String type;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the weights (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the GGUF file to write")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException, RunFailedException {
        if (!"llama".equals(arch)) {
            throw new InputException("architecture '" + arch + "' is not supported", "use --arch llama");
        }
        SyntheticLlama.Shape shape;
        GgmlType weights;
        try {
            if (preset != null) {
                if (layers != null || dim != null || heads != null) {
                    throw new InputException("--preset and --layers/--dim/--heads exclude each other",
                            "give a preset or a shape, not both");
                }
                SyntheticLlama.Preset p = SyntheticLlama.Preset.of(preset);
                shape = p.shape();
                weights = type == null ? p.weightType() : GgmlType.of(type);
            } else {
                if (layers == null || dim == null || heads == null) {
                    throw new InputException("a shape needs --layers, --dim and --heads (or --preset)",
                            "e.g. --layers 6 --dim 288 --heads 6, or --preset 15m");
                }
                shape = new SyntheticLlama.Shape(layers, dim, heads, kvHeads == null ? heads : kvHeads,
                        ffn == null ? SyntheticLlama.Shape.defaultFfn(dim) : ffn, vocab, context);
                weights = type == null ? GgmlType.F32 : GgmlType.of(type);
            }
            weights.requireSupported();
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), "presets: " + Arrays.stream(SyntheticLlama.Preset.values())
                    .map(SyntheticLlama.Preset::id).collect(Collectors.joining(", ")) + "; types: f32, f16, q8_0");
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            SyntheticLlama.write(out, shape, weights, seed);
        } catch (IOException e) {
            throw new InputException("cannot write " + out + ": " + e.getMessage(), "choose a writable --out");
        }
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "wrote %s: llama, %d layers, dim %d, %d heads (%d kv), ffn %d, vocab %d, context %d, %s, "
                        + "%,d parameters, random weights (seed %d): accuracy is not applicable%n", out,
                shape.layers(), shape.dim(), shape.heads(), shape.kvHeads(), shape.ffn(), shape.vocab(), shape.context(),
                weights.name().toLowerCase(Locale.ROOT), shape.parameters(), seed);
        o.flush();
        return 0;
    }
}
