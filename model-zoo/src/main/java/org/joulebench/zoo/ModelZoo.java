package org.joulebench.zoo;

import java.util.List;
import java.util.Optional;

/** The catalogue of models Joulebench knows, and the loader of their files. */
public interface ModelZoo {

    /** All models, in catalogue order. */
    List<ModelEntry> models();

    default Optional<ModelEntry> find(String id) {
        return models().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** Reads the model's files and verifies the model file's sha256; a mismatch is an error. */
    ModelFiles load(ModelEntry entry) throws ModelLoadException;

    /** The zoo built into Joulebench: models that arrive as Maven artifacts on the class path. */
    static ModelZoo builtIn() {
        return BuiltInZoo.INSTANCE.get();
    }
}
