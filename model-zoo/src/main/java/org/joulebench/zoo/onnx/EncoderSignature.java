package org.joulebench.zoo.onnx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inputs and output of a sentence encoder that Joulebench can feed and pool — the one rule, applied both to a
 * folder's {@code model.onnx} before a run ({@link OnnxGraph}) and to the session ONNX Runtime opens.
 *
 * <p>In: {@value #INPUT_IDS} and {@value #ATTENTION_MASK}, and {@value #TOKEN_TYPE_IDS} where the graph has it; no
 * other input. Out: token vectors {@code [batch, seq, hidden]} to pool — {@value #HIDDEN_STATE}, else
 * {@value #TOKEN_EMBEDDINGS}, else the graph's only output when it has rank 3 — or, failing those, sentence vectors
 * {@code [batch, hidden]} already pooled by the export: {@value #SENTENCE_EMBEDDING}, or the only output of rank 2.
 *
 * @param tokenTypes whether the graph takes {@value #TOKEN_TYPE_IDS}
 * @param output     the output that is read
 * @param pooled     whether that output is already one vector per text (rank 2), so no pooling applies
 */
public record EncoderSignature(boolean tokenTypes, String output, boolean pooled) {

    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";
    public static final String HIDDEN_STATE = "last_hidden_state";
    public static final String TOKEN_EMBEDDINGS = "token_embeddings";
    public static final String SENTENCE_EMBEDDING = "sentence_embedding";

    /**
     * The signature of a graph with these inputs and outputs (output name to rank).
     *
     * @throws IllegalArgumentException naming what is missing or unexpected, and what would fit
     */
    public static EncoderSignature of(Collection<String> inputs, Map<String, Integer> outputs) {
        List<String> missing = new ArrayList<>();
        for (String required : List.of(INPUT_IDS, ATTENTION_MASK)) {
            if (!inputs.contains(required)) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("has no input " + String.join(" or ", missing) + " (its inputs: "
                    + inputs + "); a sentence encoder takes " + INPUT_IDS + ", " + ATTENTION_MASK + " and optionally "
                    + TOKEN_TYPE_IDS);
        }
        List<String> other = inputs.stream()
                .filter(n -> !List.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS).contains(n)).toList();
        if (!other.isEmpty()) {
            throw new IllegalArgumentException("takes input " + String.join(", ", other) + " besides " + INPUT_IDS
                    + " and " + ATTENTION_MASK + "; Joulebench feeds only those and " + TOKEN_TYPE_IDS
                    + " (export the encoder alone, e.g. optimum-cli export onnx --task feature-extraction)");
        }
        boolean types = inputs.contains(TOKEN_TYPE_IDS);
        Optional<String> tokens = rank(outputs, 3, HIDDEN_STATE, TOKEN_EMBEDDINGS);
        if (tokens.isPresent()) {
            return new EncoderSignature(types, tokens.get(), false);
        }
        Optional<String> sentences = rank(outputs, 2, SENTENCE_EMBEDDING);
        if (sentences.isPresent()) {
            return new EncoderSignature(types, sentences.get(), true);
        }
        throw new IllegalArgumentException("has no output to embed with (its outputs and ranks: " + outputs + "); "
                + "Joulebench reads " + HIDDEN_STATE + " [batch, seq, hidden] and pools it, or a pooled "
                + SENTENCE_EMBEDDING + " [batch, hidden]");
    }

    /** The first of {@code names} with that rank, else the only output when it has that rank. */
    private static Optional<String> rank(Map<String, Integer> outputs, int rank, String... names) {
        for (String n : names) {
            if (Integer.valueOf(rank).equals(outputs.get(n))) {
                return Optional.of(n);
            }
        }
        if (outputs.size() == 1 && outputs.values().iterator().next() == rank) {
            return Optional.of(outputs.keySet().iterator().next());
        }
        return Optional.empty();
    }
}
