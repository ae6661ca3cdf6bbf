package org.joulebench.runners.onnx;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import org.joulebench.runners.BackendException;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.onnx.EncoderSignature;

/**
 * The inputs and output of a BERT-style encoder graph, checked when the model opens by {@link EncoderSignature}'s
 * rule: {@code input_ids} and {@code attention_mask} (and {@code token_type_ids} where the graph has it) in, token
 * vectors {@code [batch, seq, hidden]} (or pooled sentence vectors {@code [batch, hidden]}) out.
 *
 * @param tokenTypes whether the graph takes {@code token_type_ids}
 * @param output     the output read
 * @param pooled     whether the output is already one vector per text
 */
record Signature(boolean tokenTypes, String output, boolean pooled) {

    static final String INPUT_IDS = EncoderSignature.INPUT_IDS;
    static final String ATTENTION_MASK = EncoderSignature.ATTENTION_MASK;
    static final String TOKEN_TYPE_IDS = EncoderSignature.TOKEN_TYPE_IDS;

    static Signature of(OrtSession session, ModelEntry entry) throws BackendException {
        try {
            Map<String, Integer> ranks = new LinkedHashMap<>();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            outputs.forEach((name, info) -> ranks.put(name,
                    info.getInfo() instanceof TensorInfo t ? t.getShape().length : -1));
            EncoderSignature s;
            try {
                s = EncoderSignature.of(session.getInputNames(), ranks);
            } catch (IllegalArgumentException e) {
                throw new BackendException("model " + entry.id() + " " + e.getMessage());
            }
            long[] shape = ((TensorInfo) outputs.get(s.output()).getInfo()).getShape();
            long width = shape[shape.length - 1];
            if (width > 0 && entry.hiddenSize() > 0 && width != entry.hiddenSize()) {
                throw new BackendException("model " + entry.id() + ": " + s.output() + " is " + width
                        + " wide but the zoo says hiddenSize " + entry.hiddenSize() + "; fix the catalogue entry");
            }
            return new Signature(s.tokenTypes(), s.output(), s.pooled());
        } catch (OrtException e) {
            throw new BackendException("model " + entry.id() + ": could not read the graph's inputs and outputs: "
                    + e.getMessage(), e);
        }
    }
}
