package org.joulebench.runners.onnx;

import java.util.Map;
import java.util.Set;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import org.joulebench.runners.BackendException;
import org.joulebench.zoo.ModelEntry;

/**
 * The inputs and output of a BERT-style encoder graph, checked when the model opens: {@code input_ids} and
 * {@code attention_mask} (and {@code token_type_ids} where the graph has it) in, {@code last_hidden_state}
 * {@code [batch, seq, hidden]} out.
 *
 * @param tokenTypes whether the graph takes {@code token_type_ids}
 */
record Signature(boolean tokenTypes) {

    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";
    static final String HIDDEN_STATE = "last_hidden_state";

    static Signature of(OrtSession session, ModelEntry entry) throws BackendException {
        try {
            Set<String> inputs = session.getInputNames();
            if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
                throw new BackendException("model " + entry.id() + " takes inputs " + inputs + "; " + OnnxRuntimeProvider.ID
                        + " feeds a BERT-style encoder with " + INPUT_IDS + " and " + ATTENTION_MASK
                        + " — the file is not a sentence-embedding export");
            }
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            NodeInfo hidden = outputs.get(HIDDEN_STATE);
            if (hidden == null || !(hidden.getInfo() instanceof TensorInfo tensor) || tensor.getShape().length != 3) {
                throw new BackendException("model " + entry.id() + " has outputs " + outputs.keySet() + "; "
                        + OnnxRuntimeProvider.ID + " pools " + HIDDEN_STATE + " [batch, seq, hidden]");
            }
            long width = tensor.getShape()[2];
            if (width > 0 && width != entry.hiddenSize()) {
                throw new BackendException("model " + entry.id() + ": " + HIDDEN_STATE + " is " + width
                        + " wide but the zoo says hiddenSize " + entry.hiddenSize() + "; fix the catalogue entry");
            }
            return new Signature(inputs.contains(TOKEN_TYPE_IDS));
        } catch (OrtException e) {
            throw new BackendException("model " + entry.id() + ": could not read the graph's inputs and outputs: "
                    + e.getMessage(), e);
        }
    }
}
