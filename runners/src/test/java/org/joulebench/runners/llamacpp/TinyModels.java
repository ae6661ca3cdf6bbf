package org.joulebench.runners.llamacpp;

import java.nio.file.Path;

import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;

/** Zoo entries for the test models. */
final class TinyModels {

    private TinyModels() {
    }

    static ModelEntry entry(Path file, TinyGguf.Shape shape) {
        return new ModelEntry("tiny-llama", "Llama", "generation", 40_000, shape.layers(), shape.dim(),
                Precision.FP32, "gguf", new ModelSource("file", file.getParent().toString(),
                file.getFileName().toString(), ""), "0".repeat(64), 1, "CC0-1.0", Pooling.MEAN, false,
                shape.context(), "random weights", "");
    }
}
