package org.joulebench.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EncoderSignatureTest {

    private static final List<String> TWO = List.of("input_ids", "attention_mask");

    @Test
    void tokenVectorsArePooled() {
        assertEquals(new EncoderSignature(false, "last_hidden_state", false),
                EncoderSignature.of(TWO, Map.of("last_hidden_state", 3)));
        Map<String, Integer> both = new LinkedHashMap<>();
        both.put("sentence_embedding", 2);
        both.put("token_embeddings", 3);
        assertEquals(new EncoderSignature(false, "token_embeddings", false), EncoderSignature.of(TWO, both),
                "token vectors first: the folder's pooling applies");
        assertEquals(new EncoderSignature(true, "out", false), EncoderSignature.of(
                List.of("input_ids", "token_type_ids", "attention_mask"), Map.of("out", 3)));
    }

    @Test
    void aPooledOutputIsReadAsItIs() {
        assertEquals(new EncoderSignature(false, "sentence_embedding", true),
                EncoderSignature.of(TWO, Map.of("sentence_embedding", 2, "pooler_output", 2)));
        assertEquals(new EncoderSignature(false, "embeddings", true), EncoderSignature.of(TWO, Map.of("embeddings", 2)));
    }

    @Test
    void missingOrExtraInputsAndUnusableOutputsAreNamed() {
        String missing = assertThrows(IllegalArgumentException.class,
                () -> EncoderSignature.of(List.of("input_ids"), Map.of("last_hidden_state", 3))).getMessage();
        assertTrue(missing.startsWith("has no input attention_mask"), missing);
        String extra = assertThrows(IllegalArgumentException.class, () -> EncoderSignature.of(
                List.of("input_ids", "attention_mask", "past_key_values.0.key"), Map.of("logits", 3))).getMessage();
        assertTrue(extra.contains("takes input past_key_values.0.key"), extra);
        String outputs = assertThrows(IllegalArgumentException.class,
                () -> EncoderSignature.of(TWO, Map.of("logits", 2, "pooler_output", 2))).getMessage();
        assertTrue(outputs.startsWith("has no output to embed with"), outputs);
    }
}
