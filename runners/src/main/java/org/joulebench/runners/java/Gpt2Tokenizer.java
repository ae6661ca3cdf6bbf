package org.joulebench.runners.java;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-level BPE as llama.cpp's {@code gpt2} tokenizer with pre-tokenizer {@code gpt-2} runs it: the text is split
 * by GPT-2's regular expression, each piece's UTF-8 bytes are spelt with GPT-2's bytes-to-unicode characters, and
 * adjacent symbols are merged lowest merge rank first (the leftmost pair on equal ranks) until no pair of the
 * merge list is left. Text is plain text: {@code <|endoftext|>} written in a prompt is not the control token.
 */
final class Gpt2Tokenizer implements Tokenizer {

    /** llama.cpp's token types. */
    static final int NORMAL = 1;
    static final int CONTROL = 3;

    /**
     * GPT-2's split. {@code UNICODE_CHARACTER_CLASS} makes {@code \s} Unicode white space (U+0085, U+00A0, U+2000..
     * and so on), as in the Python {@code regex} module and llama.cpp's tables; {@code \p{L}} and {@code \p{N}} are
     * the general categories either way.
     */
    static final Pattern SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    /**
     * The pre-tokenizers ({@code tokenizer.ggml.pre}) the java engine implements, by the names llama.cpp knows them
     * by: GPT-2's (Phi-2's, MPT's, OLMo's, Jais's too); Llama 3's (case-insensitive contractions, a letter run with one leading non-letter, digits in
     * threes, line breaks apart; and a word that is a token as a whole is taken whole, llama.cpp's
     * {@code ignore_merges}), and its expression with merges always applied and no BOS (DBRX, Smaug); Qwen 2's (as
     * Llama 3's, but digits one by one and merges always applied; DeepSeek-R1's Qwen distillations' and StableLM 2's too); and
     * StarCoder's, which SmolLM, Refact, Command R, CodeShell, EXAONE and Minerva share (every digit apart first,
     * then GPT-2's split within each piece). Each is one or more regular expressions applied in turn, as llama.cpp
     * applies them: each splits the pieces the one before made, its matches and the text between them becoming
     * pieces.
     */
    enum Pre {
        GPT2(List.of(SPLIT), false, false, "gpt-2", "phi-2", "mpt", "olmo", "jais"),
        LLAMA3(List.of(Pattern.compile("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", Pattern.UNICODE_CHARACTER_CLASS)),
                true, true, "llama-bpe", "llama3", "llama-v3"),
        QWEN2(List.of(Pattern.compile("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"
                + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
                Pattern.UNICODE_CHARACTER_CLASS)), false, false, "qwen2", "qwen2.5", "qwen-2.5", "deepseek-r1-qwen",
                "stablelm2"),
        LLAMA3_MERGED(LLAMA3.stages, false, false, "dbrx", "smaug-bpe"),
        DIGITS_THEN_GPT2(List.of(Pattern.compile("\\p{N}", Pattern.UNICODE_CHARACTER_CLASS), SPLIT), false, false,
                "smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva-7b");

        final List<Pattern> stages;
        final boolean wholeWords;
        /** Whether llama.cpp starts prompts with BOS for this pre-tokenizer when the file does not say. */
        final boolean bosByDefault;
        final List<String> names;

        Pre(List<Pattern> stages, boolean wholeWords, boolean bosByDefault, String... names) {
            this.stages = stages;
            this.wholeWords = wholeWords;
            this.bosByDefault = bosByDefault;
            this.names = List.of(names);
        }

        /** The pieces {@code text} is split into: each stage splitting the pieces of the one before. */
        List<String> split(String text) {
            List<String> pieces = List.of(text);
            for (Pattern stage : stages) {
                List<String> next = new ArrayList<>();
                for (String piece : pieces) {
                    next.addAll(Gpt2Tokenizer.split(stage, piece));
                }
                pieces = next;
            }
            return pieces;
        }

        /** The pre-tokenizer named {@code name}, if the java engine has it. */
        static java.util.Optional<Pre> named(String name) {
            return Arrays.stream(values()).filter(p -> p.names.contains(name)).findFirst();
        }

        static String known() {
            return Arrays.stream(values()).flatMap(p -> p.names.stream()).map(n -> "'" + n + "'")
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_CHAR[b] = printable ? (char) b : (char) (256 + n++);
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private final String[] tokens;
    private final byte[][] bytes;
    private final Map<String, Integer> ids;
    private final Map<String, Integer> ranks;
    private final int eos;
    private final int bos;
    private final Pre pre;

    Gpt2Tokenizer(List<String> tokens, List<String> merges, int[] types, int eos) {
        this(tokens, merges, types, eos, -1, Pre.GPT2);
    }

    /** @param bos the token every prompt starts with, or -1 for none */
    Gpt2Tokenizer(List<String> tokens, List<String> merges, int[] types, int eos, int bos, Pre pre) {
        this.tokens = tokens.toArray(new String[0]);
        this.eos = eos;
        this.bos = bos;
        this.pre = pre;
        this.ids = new HashMap<>(tokens.size() * 2);
        this.bytes = new byte[tokens.size()][];
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            ids.put(t, i);
            bytes[i] = types[i] == CONTROL ? new byte[0] : spelling(t);
        }
        this.ranks = new HashMap<>(merges.size() * 2);
        for (int r = 0; r < merges.size(); r++) {
            ranks.putIfAbsent(merges.get(r), r);
        }
    }

    /** The bytes a token's characters stand for; a character outside GPT-2's map stands for its own UTF-8. */
    private static byte[] spelling(String token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
        token.codePoints().forEach(c -> {
            if (c < CHAR_TO_BYTE.length && CHAR_TO_BYTE[c] >= 0) {
                out.write(CHAR_TO_BYTE[c]);
            } else {
                out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
            }
        });
        return out.toByteArray();
    }

    @Override
    public int size() {
        return tokens.length;
    }

    @Override
    public int eos() {
        return eos;
    }

    @Override
    public int bos() {
        return bos;
    }

    @Override
    public int prefixBytes() {
        return 0;
    }

    String token(int id) {
        return tokens[id];
    }

    /** The bytes token {@code id} decodes to: empty for control tokens. */
    @Override
    public byte[] bytes(int id) {
        return bytes[id];
    }

    /** The pieces {@code pattern} splits {@code text} into. */
    static List<String> split(Pattern pattern, String text) {
        List<String> words = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        int end = 0;
        while (m.find()) {
            if (m.start() > end) {
                // text no branch matches (between digits, for StarCoder's first stage): a piece, as in llama.cpp
                words.add(text.substring(end, m.start()));
            }
            words.add(m.group());
            end = m.end();
        }
        if (end < text.length()) {
            words.add(text.substring(end));
        }
        return words;
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        for (String word : pre.split(text)) {
            byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
            char[] chars = new char[utf8.length];
            for (int i = 0; i < utf8.length; i++) {
                chars[i] = BYTE_TO_CHAR[utf8[i] & 0xFF];
            }
            Integer whole = pre.wholeWords ? ids.get(new String(chars)) : null;
            if (whole != null) {
                out.add(whole);
                continue;
            }
            bpe(chars, out);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private record Bigram(int left, int right, String text, int rank) {
    }

    /** llama.cpp's {@code llm_tokenizer_bpe_session}: a queue of adjacent pairs by (rank, left position). */
    private void bpe(char[] chars, List<Integer> out) {
        int n = chars.length;
        String[] sym = new String[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            sym[i] = String.valueOf(chars[i]);
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) ->
                a.rank != b.rank ? Integer.compare(a.rank, b.rank) : Integer.compare(a.left, b.left));
        for (int i = 1; i < n; i++) {
            addBigram(sym, i - 1, i, queue);
        }
        while (!queue.isEmpty()) {
            Bigram b = queue.poll();
            String left = sym[b.left];
            String right = sym[b.right];
            if (left == null || right == null || !b.text.equals(left + right)) {
                continue;
            }
            sym[b.left] = b.text;
            sym[b.right] = null;
            next[b.left] = next[b.right];
            if (next[b.right] >= 0) {
                prev[next[b.right]] = b.left;
            }
            addBigram(sym, prev[b.left], b.left, queue);
            addBigram(sym, b.left, next[b.left], queue);
        }
        for (int i = n > 0 ? 0 : -1; i != -1; i = next[i]) {
            Integer id = ids.get(sym[i]);
            if (id != null) {
                out.add(id);
            } else {
                // Only for vocabularies whose merges make strings that are not tokens: fall back to the characters.
                for (char c : sym[i].toCharArray()) {
                    Integer single = ids.get(String.valueOf(c));
                    if (single != null) {
                        out.add(single);
                    }
                }
            }
        }
    }

    private void addBigram(String[] sym, int left, int right, PriorityQueue<Bigram> queue) {
        if (left < 0 || right < 0) {
            return;
        }
        Integer rank = ranks.get(sym[left] + " " + sym[right]);
        if (rank != null) {
            queue.add(new Bigram(left, right, sym[left] + sym[right], rank));
        }
    }

    /** The text of {@code ids}, invalid UTF-8 replaced by U+FFFD. */
    String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(bytes[id]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
