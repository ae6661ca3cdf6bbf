package org.joulebench.runners.onnx;

import java.util.HashMap;
import java.util.Map;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.EmbeddingBackend;
import org.joulebench.zoo.ModelZoo;

/** Opens each built-in model once for a test class; {@link #close()} releases them. */
final class OpenModels implements AutoCloseable {

    private final Map<String, EmbeddingBackend> open = new HashMap<>();

    EmbeddingBackend get(String id) throws Exception {
        EmbeddingBackend backend = open.get(id);
        if (backend == null) {
            ModelZoo zoo = ModelZoo.builtIn();
            backend = new OnnxRuntimeProvider().open(zoo.load(zoo.find(id).orElseThrow()), BackendConfig.cpu(2));
            open.put(id, backend);
        }
        return backend;
    }

    @Override
    public void close() {
        open.values().forEach(EmbeddingBackend::close);
        open.clear();
    }
}
