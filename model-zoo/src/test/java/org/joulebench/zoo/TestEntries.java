package org.joulebench.zoo;

/** Copies of catalogue entries with one thing changed, for tests. */
final class TestEntries {

    private TestEntries() {
    }

    static ModelEntry builtIn(String id) {
        return ModelZoo.builtIn().find(id).orElseThrow(() -> new AssertionError("no built-in model " + id));
    }

    static ModelEntry withSha256(ModelEntry e, String sha256) {
        return new ModelEntry(e.id(), e.family(), e.task(), e.parameters(), e.layers(), e.hiddenSize(), e.precision(),
                e.format(), e.source(), sha256, e.sizeBytes(), e.licence(), e.pooling(), e.normalize(), e.maxTokens(),
                e.upstream(), e.inputPrefix());
    }

    static ModelEntry withSource(ModelEntry e, ModelSource source, String sha256, long sizeBytes) {
        return new ModelEntry(e.id(), e.family(), e.task(), e.parameters(), e.layers(), e.hiddenSize(), e.precision(),
                e.format(), source, sha256, sizeBytes, e.licence(), e.pooling(), e.normalize(), e.maxTokens(),
                e.upstream(), e.inputPrefix());
    }
}
