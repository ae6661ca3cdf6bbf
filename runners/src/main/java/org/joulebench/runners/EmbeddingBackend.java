package org.joulebench.runners;

import java.util.List;

/** An open model on a backend, ready to embed text. Not thread-safe. */
public interface EmbeddingBackend extends AutoCloseable {

    /** The backend's id, e.g. {@code onnxruntime}. */
    String backend();

    /** Where it runs, e.g. {@code cpu}. */
    String device();

    /** Embeds one text. */
    Embedding embed(String text) throws BackendException;

    /** Embeds texts as one batch (padded to the longest); token counts exclude padding. */
    List<Embedding> embedBatch(List<String> texts) throws BackendException;

    @Override
    void close();
}
