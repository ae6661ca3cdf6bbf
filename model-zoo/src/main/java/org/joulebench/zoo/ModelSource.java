package org.joulebench.zoo;

import java.util.Objects;

/**
 * Where a model's files come from.
 *
 * @param kind        {@code maven} (a jar on the class path) or {@code file} (a local path)
 * @param coordinates Maven {@code group:artifact:version} for {@code maven}; the folder for {@code file}
 * @param model       the model file: a class-path resource name or a file name
 * @param tokenizer   the tokenizer.json: a class-path resource name or a file name; empty where the model
 *                    file carries its own tokenizer (GGUF)
 */
public record ModelSource(String kind, String coordinates, String model, String tokenizer) {

    public ModelSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(coordinates, "coordinates");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tokenizer, "tokenizer");
    }
}
