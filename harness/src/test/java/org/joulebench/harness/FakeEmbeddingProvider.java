package org.joulebench.harness;

import java.util.ArrayList;
import java.util.List;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendProvider;
import org.joulebench.runners.Embedding;
import org.joulebench.runners.EmbeddingBackend;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelFiles;

/**
 * A backend for models of format {@value #FORMAT} (found by ServiceLoader, like any backend): each text takes
 * {@link #NANOS_PER_TEXT} of {@link #clock} at {@link #BUSY_WATTS}, and embeds to a vector that points at "cat" or
 * "car" by the text's first letters. Texts embedded one by one are logged by model, in order.
 */
public final class FakeEmbeddingProvider implements BackendProvider {

    static final String FORMAT = "test-fake";
    static final long NANOS_PER_TEXT = 10_000_000;
    static final double BUSY_WATTS = 5.0;

    /** The clock the backends run on; set by the test before a run. */
    static volatile FakeEnergyClock clock;
    /** "model text" of every single embedding, in the order they ran. */
    static final List<String> EMBEDDED = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override public String id() { return "fake-embedding"; }
    @Override public String description() { return "a test's backend on a fake clock"; }

    @Override
    public boolean supports(ModelEntry model) {
        return FORMAT.equals(model.format());
    }

    @Override
    public EmbeddingBackend open(ModelFiles files, BackendConfig config) {
        String model = files.entry().id();
        return new EmbeddingBackend() {
            @Override public String backend() { return "fake-embedding"; }
            @Override public String device() { return "cpu"; }
            @Override public void close() { }

            @Override
            public Embedding embed(String text) {
                EMBEDDED.add(model + " " + text);
                return vector(text);
            }

            @Override
            public List<Embedding> embedBatch(List<String> texts) {
                return texts.stream().map(FakeEmbeddingProvider::vector).toList();
            }
        };
    }

    private static Embedding vector(String text) {
        clock.advance(NANOS_PER_TEXT, BUSY_WATTS);
        return new Embedding(text.contains("cat") ? new float[] {1, 0} : new float[] {0, 1}, 3);
    }
}
