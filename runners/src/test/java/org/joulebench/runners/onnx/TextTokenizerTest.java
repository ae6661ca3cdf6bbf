package org.joulebench.runners.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelFiles;
import org.joulebench.zoo.ModelZoo;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {

    @Test
    void padsABatchToTheLongestAndMasksThePadding() throws Exception {
        // all-MiniLM's tokenizer.json pads to a fixed 128 by itself; that must be switched off.
        try (TextTokenizer tokenizer = TextTokenizer.open(tokenizerOnly("all-minilm-l6-v2-q"))) {
            TokenBatch batch = tokenizer.encode(List.of("hello world", "hello"));
            assertEquals(2, batch.size());
            assertEquals(4, batch.length());
            assertArrayEquals(new int[] {4, 3}, batch.tokens());
            assertArrayEquals(new long[] {101, 7592, 2088, 102, 101, 7592, 102, 0}, batch.ids());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 0}, batch.mask());
            assertArrayEquals(new long[8], batch.typeIds());
            assertArrayEquals(new long[] {2, 4}, batch.shape());
        }
    }

    @Test
    void truncatesToTheZoosMaxTokensNotTheFiles() throws Exception {
        // The file truncates at 128; the zoo says 256 as sentence-transformers does.
        try (TextTokenizer tokenizer = TextTokenizer.open(tokenizerOnly("all-minilm-l6-v2"))) {
            TokenBatch batch = tokenizer.encode(List.of("word ".repeat(300)));
            assertArrayEquals(new int[] {256}, batch.tokens());
            assertEquals(102, batch.ids()[255]);
        }
    }

    private static ModelFiles tokenizerOnly(String id) throws IOException {
        ModelEntry entry = ModelZoo.builtIn().find(id).orElseThrow();
        try (InputStream in = TextTokenizerTest.class.getClassLoader().getResourceAsStream(entry.source().tokenizer())) {
            return new ModelFiles(entry, new byte[0], in.readAllBytes());
        }
    }
}
