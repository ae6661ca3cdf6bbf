package org.joulebench.zoo.gguf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A SentencePiece vocabulary ({@code tokenizer.ggml.model = llama}) of any size, laid out as the Llama 2 family's:
 * {@code <unk>}, {@code <s>}, {@code </s>}, the 256 byte tokens {@code <0x00>}…{@code <0xFF>}, the printable ASCII
 * characters and {@code ▁} (U+2581, SentencePiece's space), then pieces: the byte-level vocabulary's merged tokens of
 * {@link SyntheticVocab} that spell printable ASCII, with {@code ▁} for the space, scored by merge order (earlier
 * merges score higher, so they are joined first). Every piece is the join of two earlier tokens, so merging reaches it.
 */
final class SyntheticSpmVocab {

    static final String SPACE = "\u2581";
    static final int UNK = 0;
    static final int BOS = 1;
    static final int EOS = 2;
    private static final int NORMAL = 1;
    private static final int UNKNOWN = 2;
    private static final int CONTROL = 3;
    private static final int BYTE = 6;

    final List<String> tokens;
    final float[] scores;
    final int[] types;

    private SyntheticSpmVocab(List<String> tokens, float[] scores, int[] types) {
        this.tokens = tokens;
        this.scores = scores;
        this.types = types;
    }

    /** A vocabulary of exactly {@code size} tokens ({@code size >= 354}: the fixed tokens and a few pieces). */
    static SyntheticSpmVocab build(int size) {
        List<String> tokens = new ArrayList<>(size);
        List<Integer> types = new ArrayList<>(size);
        tokens.add("<unk>");
        types.add(UNKNOWN);
        tokens.add("<s>");
        types.add(CONTROL);
        tokens.add("</s>");
        types.add(CONTROL);
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(BYTE);
        }
        tokens.add(SPACE);
        types.add(NORMAL);
        for (char c = '!'; c <= '~'; c++) {
            tokens.add(String.valueOf(c));
            types.add(NORMAL);
        }
        int fixed = tokens.size();
        if (size < fixed + 1) {
            throw new IllegalArgumentException("a SentencePiece vocabulary here has at least " + (fixed + 1)
                    + " tokens (specials, 256 bytes, the printable characters and a piece), " + size
                    + " were asked for");
        }
        Set<String> known = new HashSet<>(tokens);
        SyntheticVocab bpe = SyntheticVocab.build(size + 512);
        for (int i = 256; i < bpe.tokens.size() - 1 && tokens.size() < size; i++) {
            String piece = spelling(bpe.tokens.get(i));
            if (piece != null && known.add(piece)) {
                tokens.add(piece);
                types.add(NORMAL);
            }
        }
        if (tokens.size() < size) {
            throw new IllegalArgumentException("only " + tokens.size() + " SentencePiece tokens could be built, "
                    + size + " were asked for");
        }
        float[] scores = new float[size];
        for (int i = fixed; i < size; i++) {
            scores[i] = -(i - fixed); // merge order
        }
        for (int i = fixed - 95; i < fixed; i++) {
            scores[i] = -1_000_000; // the single characters: never the result of a merge
        }
        return new SyntheticSpmVocab(List.copyOf(tokens), scores, types.stream().mapToInt(Integer::intValue)
                .toArray());
    }

    /** A byte-level token's text with {@code ▁} for spaces, or null unless it is printable ASCII. */
    private static String spelling(String byteChars) {
        StringBuilder sb = new StringBuilder();
        for (char c : byteChars.toCharArray()) {
            int b = -1;
            for (int x = 0; x < 256; x++) {
                if (SyntheticVocab.BYTE_TO_CHAR[x] == c) {
                    b = x;
                    break;
                }
            }
            if (b == ' ') {
                sb.append(SPACE);
            } else if (b >= '!' && b <= '~') {
                sb.append((char) b);
            } else {
                return null;
            }
        }
        return sb.toString();
    }
}
