package org.joulebench.runners.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class TokenizerTest {

    /** The byte tokens, then one token per merge, then the control token. */
    static Gpt2Tokenizer withMerges(String... merges) {
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(Gpt2Tokenizer.BYTE_TO_CHAR[b]));
        }
        for (String m : merges) {
            tokens.add(m.replace(" ", ""));
        }
        tokens.add("<|endoftext|>");
        int[] types = new int[tokens.size()];
        Arrays.fill(types, Gpt2Tokenizer.NORMAL);
        types[types.length - 1] = Gpt2Tokenizer.CONTROL;
        return new Gpt2Tokenizer(tokens, List.of(merges), types, tokens.size() - 1);
    }

    private static List<String> spelt(Gpt2Tokenizer t, String text) {
        return Arrays.stream(t.encode(text)).mapToObj(t::token).toList();
    }

    @Test
    void splitsLikeGpt2() {
        assertEquals(List.of("Hello", ",", " world", "'s", " 42", "  ", " end", "\n", "\n", "x", " ", "\t", "!?"),
                Gpt2Tokenizer.Pre.GPT2.split("Hello, world's 42   end\n\nx \t!?"));
        // \s+(?!\S): a run of spaces leaves its last one to the next word; at the end of the text it takes all.
        assertEquals(List.of("a", "  ", " b", "  "), Gpt2Tokenizer.Pre.GPT2.split("a   b  "));
        // Contractions are case-sensitive, as in GPT-2; letters and numbers of any script; U+00A0 is white space.
        assertEquals(List.of("I", "'", "M", " don", "'t", " ünïcödé", " 東京", " ١٢", "\u00a0", "x"),
                Gpt2Tokenizer.Pre.GPT2.split("I'M don't ünïcödé 東京 ١٢\u00a0x"));
        // Symbols and punctuation run together.
        assertEquals(List.of("🙂", " 🙂🙂.", " ☃"), Gpt2Tokenizer.Pre.GPT2.split("🙂 🙂🙂. ☃"));
    }

    @Test
    void mergesApplyByRankNotByPosition() {
        Gpt2Tokenizer t = withMerges("h e", "Ġ t", "Ġt he", "l l", "e l");
        assertEquals(List.of("Ġthe"), spelt(t, " the"));
        assertEquals(List.of("t", "he"), spelt(t, "the"));
        // "h e" outranks "e l", so "hell" is h·e, then l l: he + ll.
        assertEquals(List.of("he", "ll"), spelt(t, "hell"));
        // "l l" outranks "e l" wherever they stand: b·e·ll, not b·el·l.
        assertEquals(List.of("Ġ", "b", "e", "ll"), spelt(t, " bell"));
        assertEquals(List.of("Ġ", "b", "el"), spelt(t, " bel"));
    }

    @Test
    void equalRanksMergeLeftmostFirst() {
        Gpt2Tokenizer t = withMerges("a a");
        assertEquals(List.of("aa", "a"), spelt(t, "aaa"));
        assertEquals(List.of("aa", "aa"), spelt(t, "aaaa"));
    }

    @Test
    void bytesAreSpeltWithGpt2sMap() {
        Gpt2Tokenizer t = withMerges();
        assertArrayEquals(new int[] {'A', ' ', '\n'}, new int[] {
                t.encode("A")[0], t.encode(" ")[0], t.encode("\n")[0]});
        assertEquals("Ġ", t.token(' '));
        assertEquals("Ċ", t.token('\n'));
        assertEquals("ĉ", t.token('\t'));
        assertEquals("Ā", t.token(0));
        assertEquals("ÿ", t.token(0xFF));
        assertEquals("Ń", t.token(0xAD));
        byte[] snowman = "☃".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(new int[] {snowman[0] & 0xFF, snowman[1] & 0xFF, snowman[2] & 0xFF}, t.encode("☃"));
    }

    @Test
    void decodingUndoesEncodingForAnyText() {
        Gpt2Tokenizer t = withMerges("Ġ t", "h e", "Ġt he", "Ġ a", "i n");
        for (String s : List.of("", " ", "the cat in the hat", "  leading and trailing  ", "tabs\tand\nnewlines\r\n",
                "ünïcödé, 東京, emoji 🙂👍🏽, RTL שלום", "numbers 3.14159 and 1,000,000", "x\u00a0y\u2003z")) {
            assertEquals(s, t.decode(t.encode(s)), s);
        }
    }

    @Test
    void controlTokensDecodeToNothingAndAreNotParsedFromText() {
        Gpt2Tokenizer t = withMerges();
        assertEquals("", t.decode(new int[] {t.eos()}));
        int[] ids = t.encode("<|endoftext|>");
        assertEquals(13, ids.length);
        assertEquals("<|endoftext|>", t.decode(ids));
    }

    @Test
    void piecesHoldBackUnfinishedUtf8() {
        Utf8Stream s = new Utf8Stream();
        byte[] smile = "🙂".getBytes(StandardCharsets.UTF_8);
        assertEquals("a", s.add(new byte[] {'a', smile[0]}));
        assertEquals("", s.add(new byte[] {smile[1], smile[2]}));
        assertEquals("🙂b", s.add(new byte[] {smile[3], 'b'}));
        assertEquals("", s.add(new byte[] {smile[0]}));
        assertEquals("\uFFFD", s.flush());
        assertEquals("\uFFFD!", s.add(new byte[] {(byte) 0x80, '!'}));
    }
}
