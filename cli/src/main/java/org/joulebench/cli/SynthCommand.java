package org.joulebench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
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

    @Option(names = "--vocab", paramLabel = "V", description = "vocabulary size, " + MIN_VOCAB + " to " + MAX_VOCAB
            + " (default: " + DEFAULT_VOCAB + ")")
    Integer vocab;

    @Option(names = "--context", paramLabel = "C", description = "context length in positions, also with --preset "
            + "(it changes no weight, only how long a sequence the engines accept and the key/value cache they hold); "
            + "default: the preset's, else " + DEFAULT_CONTEXT)
    Integer context;

    @Option(names = "--type", paramLabel = "f32|f16|q8_0|q4_0|q4_k|q5_k|q6_k",
            description = "weight type (default: the preset's, else f32); the K-quants need dim and ffn multiples of 256")
    String type;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the weights (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--tokenizer", paramLabel = "gpt2|llama",
            description = "byte-level BPE (gpt2, no BOS) or SentencePiece with scores, byte fallback and BOS, as the "
                    + "Llama 2 family ships (llama) (default: ${DEFAULT-VALUE})")
    String tokenizer = "gpt2";

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the GGUF file to write")
    Path out;

    @Option(names = "--overwrite", description = "replace --out if it exists (without it, an existing file is refused)")
    boolean overwrite;

    static final int DEFAULT_VOCAB = 32000;
    static final int DEFAULT_CONTEXT = 2048;
    static final int MIN_VOCAB = 257;
    /** As large as the largest real vocabularies (about 256 K tokens). */
    static final int MAX_VOCAB = 262_144;
    /** The largest file written: a sanity cap (the 1b preset is about 1.2 GB). */
    static final long MAX_FILE_BYTES = 64_000_000_000L;

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
                List<String> shapeOptions = new ArrayList<>();
                for (Object[] o : new Object[][] {{"--layers", layers}, {"--dim", dim}, {"--heads", heads},
                        {"--kv-heads", kvHeads}, {"--ffn", ffn}, {"--vocab", vocab}}) {
                    if (o[1] != null) {
                        shapeOptions.add((String) o[0]);
                    }
                }
                if (!shapeOptions.isEmpty()) {
                    throw new InputException("--preset and " + String.join(", ", shapeOptions) + " exclude each other "
                            + "(a preset fixes the weights' shape)", "give a preset (with --context, --type or --seed) "
                            + "or a shape, not both");
                }
                SyntheticLlama.Preset p = SyntheticLlama.Preset.of(preset);
                SyntheticLlama.Shape ps = p.shape();
                // The context is no part of the weights: a preset takes --context as given.
                shape = context == null ? ps : new SyntheticLlama.Shape(ps.layers(), ps.dim(), ps.heads(),
                        ps.kvHeads(), ps.ffn(), ps.vocab(), context);
                weights = type == null ? p.weightType() : GgmlType.of(type);
            } else {
                if (layers == null || dim == null || heads == null) {
                    throw new InputException("a shape needs --layers, --dim and --heads (or --preset)",
                            "e.g. --layers 6 --dim 288 --heads 6, or --preset 15m");
                }
                int v = vocab == null ? DEFAULT_VOCAB : vocab;
                if (v < MIN_VOCAB || v > MAX_VOCAB) {
                    throw new InputException("--vocab must lie between " + MIN_VOCAB + " and " + MAX_VOCAB + ", was " + v,
                            "give a vocabulary size such as 32000");
                }
                shape = new SyntheticLlama.Shape(layers, dim, heads, kvHeads == null ? heads : kvHeads,
                        ffn == null ? SyntheticLlama.Shape.defaultFfn(dim) : ffn, v,
                        context == null ? DEFAULT_CONTEXT : context);
                weights = type == null ? GgmlType.F32 : GgmlType.of(type);
            }
            SyntheticLlama.requireWritable(shape, weights);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new InputException(e.getMessage(), "presets: " + Arrays.stream(SyntheticLlama.Preset.values())
                    .map(SyntheticLlama.Preset::id).collect(Collectors.joining(", ")) + "; types: f32, f16, q8_0, q4_0, q4_k,"
                    + " q5_k, q6_k (K-quants: dim and ffn multiples of 256)");
        }
        checkSpace(SyntheticLlama.estimatedFileBytes(shape, weights), usableSpace(out), out);
        OutputFiles.checkWritable(out, "--out", overwrite);
        String signal = write(shape, weights);
        if (signal != null) {
            spec.commandLine().getErr().println("joulebench: interrupted by SIG" + signal + " while writing " + out
                    + "; the partial file was removed");
            return Interrupts.status(signal);
        }
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "wrote %s: llama, %d layers, dim %d, %d heads (%d kv), ffn %d, vocab %d, context %d, %s, "
                        + "%,d parameters, random weights (seed %d): accuracy is not applicable%n", out,
                shape.layers(), shape.dim(), shape.heads(), shape.kvHeads(), shape.ffn(), shape.vocab(), shape.context(),
                weights.name().toLowerCase(Locale.ROOT), shape.parameters(), seed);
        o.flush();
        return 0;
    }

    /**
     * Writes the file; a SIGINT or SIGTERM meanwhile interrupts this thread, whose file channel then closes, and the
     * writer removes its {@code .part} file as on any failure. Returns the signal's name if one stopped the write,
     * else null.
     */
    private String write(SyntheticLlama.Shape shape, GgmlType weights) throws InputException {
        SyntheticLlama.Vocabulary vocabulary = switch (tokenizer) {
            case "gpt2" -> SyntheticLlama.Vocabulary.GPT2;
            case "llama" -> SyntheticLlama.Vocabulary.SPM;
            default -> throw new InputException("--tokenizer must be gpt2 or llama, was '" + tokenizer + "'",
                    "gpt2 (byte-level BPE) or llama (SentencePiece)");
        };
        Thread writer = Thread.currentThread();
        AtomicReference<String> signal = new AtomicReference<>();
        try (Interrupts ignored = Interrupts.handle(name -> {
            signal.compareAndSet(null, name);
            writer.interrupt();
        })) {
            SyntheticLlama.write(out, shape, weights, seed, vocabulary);
            return null; // complete (a signal that came too late to stop it changes nothing)
        } catch (IOException | IllegalArgumentException e) {
            if (signal.get() == null) {
                throw new InputException("cannot write " + out + ": " + e.getMessage(), "choose a writable --out "
                        + "with room for the file");
            }
        } finally {
            Thread.interrupted(); // a signal's interrupt is answered by the status, not left for later code
        }
        return signal.get();
    }

    /** Refuses a file larger than {@link #MAX_FILE_BYTES} or than the space left where it goes. */
    static void checkSpace(double estimate, long usable, Path out) throws InputException {
        checkSpace(estimate, usable, out, "--out", "choose a smaller shape (--layers, --dim, --vocab) or --type q8_0, "
                + "or free space");
    }

    /** As {@link #checkSpace(double, long, Path)}, for a file named by {@code option}, suggesting {@code fix}. */
    static void checkSpace(double estimate, long usable, Path out, String option, String fix) throws InputException {
        if (estimate > MAX_FILE_BYTES || estimate > usable) {
            throw new InputException(option + " " + out + " would take about " + bytes(estimate) + ", "
                    + (estimate > usable ? "more than the " + bytes(usable) + " free there"
                    : "more than the cap of " + bytes(MAX_FILE_BYTES) + " (" + bytes(usable) + " free there)"), fix);
        }
    }

    /** The usable space of the file system --out would be written to (its nearest existing folder's). */
    static long usableSpace(Path file) throws InputException {
        Path p = file.toAbsolutePath().normalize().getParent();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p == null ? 0 : Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            throw new InputException("cannot tell the free space for " + file + ": " + e.getMessage(),
                    "write to a local file system");
        }
    }

    static String bytes(double b) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
        int u = 0;
        while (b >= 1000 && u < units.length - 1) {
            b /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    }
}
