package org.joulebench.runners.java;

/**
 * A GGUF file's tokenizer, as the java engine runs it: byte-level BPE ({@code tokenizer.ggml.model = gpt2},
 * {@link Gpt2Tokenizer}) or SentencePiece with scores and byte fallback ({@code llama}, {@link SpmTokenizer}).
 */
interface Tokenizer {

    /** The ids of {@code text}, without any begin-of-sequence token (llama.cpp's tokenizer without specials). */
    int[] encode(String text);

    /** The bytes token {@code id} stands for in generated text: empty for control tokens. */
    byte[] bytes(int id);

    int size();

    /** The end-of-sequence token. */
    int eos();

    /**
     * The token a prompt starts with ({@code tokenizer.ggml.add_bos_token}), or -1 for none. Without one, a prompt
     * with no text starts from {@link #eos}, as GPT-2 does.
     */
    int bos();

    /** How many bytes {@link #encode} puts before the text (SentencePiece's leading space), so that token byte
     * offsets can be matched with the text's. */
    int prefixBytes();
}
