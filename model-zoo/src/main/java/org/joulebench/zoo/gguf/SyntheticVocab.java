package org.joulebench.zoo.gguf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte-level BPE vocabulary of any size, the same for every seed: the 256 byte tokens, then merges learnt from a
 * fixed built-in English text (most frequent pair first, ties by the pair's spelling), then — when that text runs
 * out of repeated pairs — systematic merges that append a letter to a word piece ({@code "Ġth e"}, breadth first),
 * then {@code <|endoftext|>}. Every merge joins two existing tokens into a token spelt nowhere else, as llama.cpp
 * requires.
 */
final class SyntheticVocab {

    static final String EOS = "<|endoftext|>";
    static final int NORMAL = 1;
    static final int CONTROL = 3;

    /** GPT-2's pre-tokenizer; {@code \s} is Unicode white space, as in the Python {@code regex} module. */
    static final Pattern GPT2_SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final String LETTERS = "etaoinsrhldcumfpgwybvkxjqz";

    private static final String CORPUS = """
            The meter reads the energy counter before the model starts and again when it stops. The difference is \
            the energy of the run, in joules, and the time between the two readings is its duration. When the \
            counter wraps around, the reader adds the range of the counter once, so that the result stays positive.
            A benchmark is only as good as its baseline. Before the first run we measure the idle power of the \
            machine for thirty seconds, and after the last run we measure it again. If the two figures differ by \
            more than ten percent, the report says so, because something else was running on the machine.
            Each model is given the same prompts, in the same order, with the same number of threads. The first \
            token takes longest: the whole prompt has to be read before the model can say anything at all. After \
            that, every new token costs about the same, and the energy per token is the figure we report.
            There are 3 kinds of numbers in the report: counters, which we trust; power samples, which we \
            integrate over time; and estimates, which we label as such. We never add numbers of different kinds \
            together. It's better to show two honest figures than one that looks precise but isn't.
            Small models are fast, and they don't need much memory; large models are slower, but they're often \
            more accurate. The question we ask is simple: how much energy does it take to get an answer that is \
            good enough? We'll answer it with measurements, not with guesses, and we've written down every step \
            so that anyone can run the same test on their own hardware and compare the results with ours.
            In 2024 the smallest model in the zoo had 22 million parameters and the largest had 1 billion. The \
            tokenizer splits text into words, numbers and punctuation, then joins the most frequent pairs of \
            bytes into longer pieces, so that common words become single tokens and rare words become several.
            """;

    final List<String> tokens;
    final List<String> merges;
    final int[] types;
    final int eos;

    private SyntheticVocab(List<String> tokens, List<String> merges, int[] types, int eos) {
        this.tokens = tokens;
        this.merges = merges;
        this.types = types;
        this.eos = eos;
    }

    /** A vocabulary of exactly {@code size} tokens ({@code size >= 257}). */
    static SyntheticVocab build(int size) {
        if (size < 257) {
            throw new IllegalArgumentException("a byte-level vocabulary has at least 257 tokens (256 bytes and "
                    + EOS + "), " + size + " were asked for");
        }
        int wanted = size - 257;
        List<String> tokens = new ArrayList<>(size);
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(BYTE_TO_CHAR[b]));
        }
        Set<String> known = new HashSet<>(tokens);
        List<String> merges = new ArrayList<>(wanted);
        learn(wanted, tokens, known, merges);
        fill(wanted, tokens, known, merges);
        tokens.add(EOS);
        int[] types = new int[size];
        Arrays.fill(types, NORMAL);
        types[size - 1] = CONTROL;
        return new SyntheticVocab(List.copyOf(tokens), List.copyOf(merges), types, size - 1);
    }

    private static void learn(int wanted, List<String> tokens, Set<String> known, List<String> merges) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Matcher m = GPT2_SPLIT.matcher(CORPUS);
        while (m.find()) {
            counts.merge(toByteChars(m.group()), 1, Integer::sum);
        }
        List<List<String>> words = new ArrayList<>();
        List<Integer> freq = new ArrayList<>();
        counts.forEach((w, n) -> {
            List<String> symbols = new ArrayList<>();
            w.chars().forEach(c -> symbols.add(String.valueOf((char) c)));
            words.add(symbols);
            freq.add(n);
        });
        Set<String> refused = new HashSet<>();
        while (merges.size() < wanted) {
            Map<String, Integer> pairs = new HashMap<>();
            for (int i = 0; i < words.size(); i++) {
                List<String> w = words.get(i);
                for (int j = 0; j + 1 < w.size(); j++) {
                    pairs.merge(w.get(j) + " " + w.get(j + 1), freq.get(i), Integer::sum);
                }
            }
            String best = null;
            int bestCount = 1;
            for (Map.Entry<String, Integer> p : pairs.entrySet()) {
                if (refused.contains(p.getKey())) {
                    continue;
                }
                int c = p.getValue();
                if (c > bestCount || (c == bestCount && best != null && p.getKey().compareTo(best) < 0)) {
                    best = p.getKey();
                    bestCount = c;
                }
            }
            if (best == null) {
                return;
            }
            int space = best.indexOf(' ');
            String left = best.substring(0, space);
            String right = best.substring(space + 1);
            if (!known.add(left + right)) {
                refused.add(best);
                continue;
            }
            tokens.add(left + right);
            merges.add(best);
            for (List<String> w : words) {
                for (int j = 0; j + 1 < w.size(); j++) {
                    if (w.get(j).equals(left) && w.get(j + 1).equals(right)) {
                        w.set(j, left + right);
                        w.remove(j + 1);
                    }
                }
            }
        }
    }

    private static void fill(int wanted, List<String> tokens, Set<String> known, List<String> merges) {
        Deque<String> prefixes = new ArrayDeque<>();
        Set<String> queued = new HashSet<>();
        prefixes.add("Ġ");
        for (char c : LETTERS.toCharArray()) {
            prefixes.add(String.valueOf(c));
        }
        queued.addAll(prefixes);
        while (merges.size() < wanted) {
            String prefix = prefixes.removeFirst();
            for (int i = 0; i < LETTERS.length() && merges.size() < wanted; i++) {
                String letter = String.valueOf(LETTERS.charAt(i));
                String joined = prefix + letter;
                if (known.add(joined)) {
                    tokens.add(joined);
                    merges.add(prefix + " " + letter);
                }
                if (queued.add(joined)) {
                    prefixes.addLast(joined);
                }
            }
        }
    }

    /** GPT-2's bytes-to-unicode map: printable bytes stand for themselves, the rest for U+0100 onwards. */
    static final char[] BYTE_TO_CHAR = new char[256];

    static {
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_CHAR[b] = printable ? (char) b : (char) (256 + n++);
        }
    }

    static String toByteChars(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            sb.append(BYTE_TO_CHAR[b & 0xFF]);
        }
        return sb.toString();
    }
}
