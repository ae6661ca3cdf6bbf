package org.joulebench.runners.onnx;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import org.joulebench.runners.BackendException;
import org.joulebench.zoo.ModelFiles;

/**
 * A model's tokenizer.json, run by Hugging Face tokenizers: special tokens added, truncated to the zoo's
 * {@code maxTokens} (overriding what the file says), never padded by the tokenizer — batches are padded here.
 */
final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    static TextTokenizer open(ModelFiles files) throws BackendException {
        Map<String, String> options = Map.of(
                "addSpecialTokens", "true",
                "truncation", "true",
                "maxLength", Integer.toString(files.entry().maxTokens()),
                "padding", "false");
        try {
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(files.tokenizer()), options));
        } catch (IOException | RuntimeException e) {
            throw new BackendException("model " + files.entry().id() + ": its tokenizer.json could not be loaded by"
                    + " Hugging Face tokenizers (" + e.getMessage() + "); the file may be damaged or of a newer format"
                    + " than ai.djl.huggingface:tokenizers understands", e);
        }
    }

    TokenBatch encode(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int length = 0;
        for (Encoding e : encodings) {
            length = Math.max(length, e.getIds().length);
        }
        int size = encodings.length;
        long[] ids = new long[size * length];
        long[] mask = new long[size * length];
        long[] types = new long[size * length];
        int[] tokens = new int[size];
        for (int row = 0; row < size; row++) {
            long[] rowIds = encodings[row].getIds();
            System.arraycopy(rowIds, 0, ids, row * length, rowIds.length);
            System.arraycopy(encodings[row].getTypeIds(), 0, types, row * length, rowIds.length);
            // The tokenizer does not pad, so every token of an encoding is real.
            Arrays.fill(mask, row * length, row * length + rowIds.length, 1L);
            tokens[row] = rowIds.length;
        }
        return new TokenBatch(ids, mask, types, size, length, tokens);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
