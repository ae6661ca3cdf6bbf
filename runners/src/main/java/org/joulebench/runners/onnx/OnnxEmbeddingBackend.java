package org.joulebench.runners.onnx;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Embedding;
import org.joulebench.runners.EmbeddingBackend;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelFiles;

/** One ONNX sentence-embedding model open in ONNX Runtime: tokenise, run the encoder, pool. */
final class OnnxEmbeddingBackend implements EmbeddingBackend {

    private final OrtEnvironment env;
    private final ModelEntry entry;
    private final String device;
    private final OrtSession session;
    private final Signature signature;
    private final TextTokenizer tokenizer;
    private boolean closed;

    private OnnxEmbeddingBackend(OrtEnvironment env, ModelEntry entry, String device, OrtSession session,
                                 Signature signature, TextTokenizer tokenizer) {
        this.env = env;
        this.entry = entry;
        this.device = device;
        this.session = session;
        this.signature = signature;
        this.tokenizer = tokenizer;
    }

    static OnnxEmbeddingBackend open(ModelFiles files, BackendConfig config) throws BackendException {
        OrtEnvironment env = Sessions.environment(config);
        OrtSession session = Sessions.open(env, files.entry().id(), files.model(), config);
        try {
            Signature signature = Signature.of(session, files.entry());
            TextTokenizer tokenizer = TextTokenizer.open(files);
            return new OnnxEmbeddingBackend(env, files.entry(), config.device(), session, signature, tokenizer);
        } catch (BackendException | RuntimeException e) {
            closeQuietly(session, e);
            throw e;
        }
    }

    @Override
    public String backend() {
        return OnnxRuntimeProvider.ID;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public Embedding embed(String text) throws BackendException {
        return embedBatch(List.of(text)).get(0);
    }

    @Override
    public List<Embedding> embedBatch(List<String> texts) throws BackendException {
        if (closed) {
            throw new IllegalStateException("model " + entry.id() + " on " + OnnxRuntimeProvider.ID + " is closed");
        }
        if (texts.isEmpty()) {
            return List.of();
        }
        // The model card's prefix is part of the input the model processes, so its tokens count.
        List<String> inputs = entry.inputPrefix().isEmpty() ? texts
                : texts.stream().map(t -> entry.inputPrefix() + t).toList();
        TokenBatch batch = tokenizer.encode(inputs);
        float[][] vectors = run(batch);
        List<Embedding> out = new ArrayList<>(batch.size());
        for (int row = 0; row < batch.size(); row++) {
            out.add(new Embedding(vectors[row], batch.tokens()[row]));
        }
        return out;
    }

    private float[][] run(TokenBatch batch) throws BackendException {
        long[] shape = batch.shape();
        // A null resource is allowed in try-with-resources and simply not closed: graphs without token types get none.
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.ids()), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.mask()), shape);
             OnnxTensor types = signature.tokenTypes()
                     ? OnnxTensor.createTensor(env, LongBuffer.wrap(batch.typeIds()), shape) : null) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put(Signature.INPUT_IDS, ids);
            inputs.put(Signature.ATTENTION_MASK, mask);
            if (types != null) {
                inputs.put(Signature.TOKEN_TYPE_IDS, types);
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(signature.output()))) {
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                long[] out = hidden.getInfo().getShape();
                FloatBuffer values = hidden.getFloatBuffer();
                int width = (int) out[out.length - 1];
                return signature.pooled() ? Pooler.rows(values, batch.size(), width, entry.normalize())
                        : Pooler.pool(values, batch.mask(), batch.size(), batch.length(), width, entry.pooling(),
                        entry.normalize());
            }
        } catch (OrtException e) {
            throw new BackendException("model " + entry.id() + ": ONNX Runtime failed on a batch of " + batch.size()
                    + " texts of up to " + batch.length() + " tokens: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("model " + entry.id() + ": ONNX Runtime could not release its session: "
                    + e.getMessage(), e);
        }
    }

    private static void closeQuietly(OrtSession session, Exception cause) {
        try {
            session.close();
        } catch (OrtException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
