package org.joulebench.runners.onnx;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.BackendProvider;
import org.joulebench.runners.EmbeddingBackend;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelFiles;

/** Runs ONNX sentence-embedding models with ONNX Runtime, tokenising with Hugging Face tokenizers (DJL). */
public final class OnnxRuntimeProvider implements BackendProvider {

    static final String ID = "onnxruntime";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "ONNX Runtime with Hugging Face tokenizers: onnx embedding models on cpu"
                + " (cuda with the onnxruntime_gpu jar)";
    }

    @Override
    public boolean supports(ModelEntry model) {
        return "onnx".equals(model.format()) && "embedding".equals(model.task());
    }

    @Override
    public EmbeddingBackend open(ModelFiles files, BackendConfig config) throws BackendException {
        if (!supports(files.entry())) {
            throw new BackendException("model " + files.entry().id() + " is a " + files.entry().format() + " "
                    + files.entry().task() + " model; " + ID + " runs only onnx embedding models — pick another backend");
        }
        if (config.gpuLayers() > 0) {
            throw new BackendException("--gpu-layers " + config.gpuLayers() + " cannot apply to " + ID
                    + ": it places the whole model with --device (cpu, cuda or cuda:N); --gpu-layers is for llamacpp");
        }
        return OnnxEmbeddingBackend.open(files, config);
    }
}
