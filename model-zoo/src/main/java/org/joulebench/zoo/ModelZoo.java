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

    /**
     * The model file on disk, for engines that open files (llama.cpp): a verified copy in {@code cacheDir} named by
     * its sha256, written once. On later calls the copy's sha256 is checked again ({@link CachedCopies}); a copy
     * that no longer matches (corrupted, or replaced by another file of the same size) is written anew from the
     * verified artifact.
     */
    default java.nio.file.Path modelFile(ModelEntry entry, java.nio.file.Path cacheDir) throws ModelLoadException {
        java.nio.file.Path target = cacheDir.resolve(entry.sha256() + "." + entry.format());
        try {
            if (java.nio.file.Files.isRegularFile(target) && java.nio.file.Files.size(target) == entry.sizeBytes()
                    && CachedCopies.matches(target, entry.sha256())) {
                return target;
            }
            ModelFiles files = load(entry);
            java.nio.file.Files.createDirectories(cacheDir);
            java.nio.file.Path tmp = java.nio.file.Files.createTempFile(cacheDir, entry.id(), ".part");
            java.nio.file.Files.write(tmp, files.model());
            java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            CachedCopies.remember(target, entry.sha256());
            return target;
        } catch (java.io.IOException e) {
            throw new ModelLoadException("model " + entry.id() + ": cannot write a copy to " + cacheDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Where {@link #modelFile} keeps copies by default: {@code ~/.cache/joulebench/models}. */
    static java.nio.file.Path defaultCacheDir() {
        return java.nio.file.Path.of(System.getProperty("user.home"), ".cache", "joulebench", "models");
    }

    /** The zoo built into Joulebench: models that arrive as Maven artifacts on the class path. */
    static ModelZoo builtIn() {
        return BuiltInZoo.INSTANCE.get();
    }
}
