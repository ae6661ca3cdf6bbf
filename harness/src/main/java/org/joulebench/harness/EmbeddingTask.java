package org.joulebench.harness;

import java.util.List;

/**
 * A task over sentence embeddings, prepared once per model and then asked one query at a time.
 * The harness embeds {@link #setupTexts()} (measured apart, as setup energy), hands the vectors to
 * {@link #prepare}, then for each of {@link #queries()} embeds the text and calls {@link #score}
 * inside the query's energy window.
 */
public interface EmbeddingTask extends Task {

    /** Texts to embed before any query: retrieval candidates, training items. */
    List<String> setupTexts();

    /** Builds the task's index from the setup texts' vectors, in {@link #setupTexts()} order. */
    void prepare(List<float[]> setupVectors);

    /** Scores one query's vector; {@link #prepare} has run. */
    Score score(Item query, float[] vector);
}
