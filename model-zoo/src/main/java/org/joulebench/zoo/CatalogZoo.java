package org.joulebench.zoo;

import java.util.List;

/** A zoo over a fixed list of entries; {@link #load} reads an entry's files and checks the model file's sha256. */
final class CatalogZoo implements ModelZoo {

    private final List<ModelEntry> models;
    private final SourceReader reader;

    /** @param loader where {@code maven} sources are looked up as class-path resources */
    CatalogZoo(List<ModelEntry> models, ClassLoader loader) {
        this.models = List.copyOf(models);
        this.reader = new SourceReader(loader);
    }

    @Override
    public List<ModelEntry> models() {
        return models;
    }

    @Override
    public ModelFiles load(ModelEntry entry) throws ModelLoadException {
        ModelSource source = entry.source();
        byte[] model = reader.read(entry, source.model());
        String actual = Sha256.hex(model);
        if (!actual.equalsIgnoreCase(entry.sha256())) {
            throw new ModelLoadException("model " + entry.id() + ": sha256 of " + source.model() + " is " + actual
                    + " (" + model.length + " bytes), the zoo expects " + entry.sha256() + " (" + entry.sizeBytes()
                    + " bytes); " + reader.corruptFix(entry));
        }
        // Formats such as GGUF carry their tokenizer inside the model file: the source names none.
        byte[] tokenizer = source.tokenizer().isEmpty() ? new byte[0] : reader.read(entry, source.tokenizer());
        return new ModelFiles(entry, model, tokenizer);
    }
}
