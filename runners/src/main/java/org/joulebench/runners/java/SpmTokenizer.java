package org.joulebench.runners.java;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * SentencePiece as llama.cpp runs it for {@code tokenizer.ggml.model = llama} (the Llama 2 family, Mistral,
 * TinyLlama): spaces become {@code ▁} (U+2581), a leading space is added ({@code tokenizer.ggml.add_space_prefix},
 * default true), the text is split into characters, and adjacent symbols are merged while their join is a token,
 * the join with the highest score first (ties: the leftmost). A symbol left that is no token is spelt with byte
 * tokens ({@code <0xNN>}; the unknown token where the file has none).
 */
final class SpmTokenizer implements Tokenizer {

    static final int NORMAL = 1;
    static final int UNKNOWN = 2;
    static final int CONTROL = 3;
    static final int USER_DEFINED = 4;
    static final int UNUSED = 5;
    static final int BYTE = 6;

    private static final String SPACE = "\u2581";

    private final float[] scores;
    private final byte[][] bytes;
    private final Map<String, Integer> ids;
    private final int[] byteTokens = new int[256];
    private final int bos;
    private final int eos;
    private final boolean addBos;
    private final boolean addSpacePrefix;

    /**
     * @param unk the unknown token, for bytes that have no token of their own; -1 where the file names none
     */
    SpmTokenizer(List<String> tokens, float[] scores, int[] types, int bos, int eos, int unk, boolean addBos,
                 boolean addSpacePrefix) {
        this.scores = scores;
        this.bos = bos;
        this.eos = eos;
        this.addBos = addBos;
        this.addSpacePrefix = addSpacePrefix;
        this.ids = new HashMap<>(tokens.size() * 2);
        this.bytes = new byte[tokens.size()][];
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            ids.put(t, i); // a spelling held twice resolves to the later id, as llama.cpp's map does
            bytes[i] = switch (types[i]) {
                case CONTROL, UNUSED -> new byte[0];
                case UNKNOWN -> "\u2585".getBytes(StandardCharsets.UTF_8); // llama.cpp shows <unk> as ▅
                case BYTE -> new byte[] {(byte) Integer.parseInt(t.substring(3, 5), 16)};
                default -> t.replace(SPACE, " ").getBytes(StandardCharsets.UTF_8);
            };
        }
        for (int b = 0; b < 256; b++) {
            Integer id = ids.get(String.format("<0x%02X>", b));
            if (id == null) {
                id = ids.get(new String(new byte[] {(byte) b}, StandardCharsets.ISO_8859_1));
            }
            byteTokens[b] = id == null ? unk : id;
        }
    }

    /** Whether every byte has a token (its own, or the unknown token): else some text cannot be encoded. */
    boolean coversEveryByte() {
        for (int t : byteTokens) {
            if (t < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int size() {
        return bytes.length;
    }

    @Override
    public int eos() {
        return eos;
    }

    @Override
    public int bos() {
        return addBos ? bos : -1;
    }

    @Override
    public int prefixBytes() {
        return addSpacePrefix ? 1 : 0;
    }

    @Override
    public byte[] bytes(int id) {
        return bytes[id];
    }

    private record Bigram(int left, int right, float score, int size) {
    }

    @Override
    public int[] encode(String raw) {
        if (raw.isEmpty()) {
            return new int[0];
        }
        String text = ((addSpacePrefix ? " " : "") + raw).replace(" ", SPACE);
        // symbols: one per character, linked left and right
        List<String> sym = new ArrayList<>();
        text.codePoints().forEach(c -> sym.add(new String(Character.toChars(c))));
        int n = sym.size();
        String[] texts = sym.toArray(new String[0]);
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        for (int i = 1; i < n; i++) {
            offer(texts, i - 1, i, queue);
        }
        while (!queue.isEmpty()) {
            Bigram b = queue.poll();
            String l = texts[b.left];
            String r = texts[b.right];
            if (l.isEmpty() || r.isEmpty() || l.length() + r.length() != b.size) {
                continue; // one side was merged since
            }
            texts[b.left] = l + r;
            texts[b.right] = "";
            next[b.left] = next[b.right];
            if (next[b.right] >= 0) {
                prev[next[b.right]] = b.left;
            }
            if (prev[b.left] >= 0) {
                offer(texts, prev[b.left], b.left, queue);
            }
            if (next[b.left] >= 0) {
                offer(texts, b.left, next[b.left], queue);
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i != -1; i = next[i]) {
            Integer id = ids.get(texts[i]);
            if (id != null) {
                out.add(id);
            } else {
                // only single characters are left that are no token: merges make tokens only
                for (byte b : texts[i].getBytes(StandardCharsets.UTF_8)) {
                    out.add(byteTokens[b & 0xFF]);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void offer(String[] texts, int left, int right, PriorityQueue<Bigram> queue) {
        String joined = texts[left] + texts[right];
        Integer id = ids.get(joined);
        if (id != null) {
            queue.add(new Bigram(left, right, scores[id], joined.length()));
        }
    }
}
