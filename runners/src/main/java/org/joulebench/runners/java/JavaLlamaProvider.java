package org.joulebench.runners.java;

import java.io.IOException;
import java.nio.file.Path;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationProvider;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.gguf.GgufFile;

/**
 * Joulebench's own llama engine in plain Java: GGUF llama models with F32, F16 or Q8_0 weights and a GPT-2
 * byte-level BPE tokenizer, on the CPU, matrix products split over {@code threads} threads.
 */
public final class JavaLlamaProvider implements GenerationProvider {

    static final String ID = "java";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "pure-Java llama engine: gguf generation models (F32, F16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K weights; GPT-2,"
                + " Llama 3, Qwen 2 BPE or SentencePiece tokenizers) on cpu; kernels: " + Kernels.description();
    }

    @Override
    public boolean supports(ModelEntry model) {
        return "gguf".equals(model.format()) && "generation".equals(model.task());
    }

    @Override
    public GenerationBackend open(ModelEntry model, Path modelFile, BackendConfig config) throws BackendException {
        if (!supports(model)) {
            throw new BackendException("model " + model.id() + " is a " + model.format() + " " + model.task()
                    + " model; " + ID + " runs only gguf generation models — pick another backend");
        }
        config.requireCpuOnly(ID, "it runs on the CPU only; pick --backend llamacpp (with --gpu-layers) or"
                + " onnxruntime (with --device) for a GPU");
        int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
        return open(modelFile, threads, true);
    }

    /** Opens a file directly; {@code f16Cache} false keeps the key/value cache in float (for tests). */
    static JavaLlamaBackend open(Path modelFile, int threads, boolean f16Cache) throws BackendException {
        LlamaModel model;
        try (GgufFile file = GgufFile.open(modelFile)) {
            model = LlamaModel.load(file);
        } catch (IOException e) {
            throw new BackendException("cannot read model file " + modelFile + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new BackendException("model " + modelFile + ": not enough Java heap for its weights, which the java"
                    + " engine decodes to floats (4 bytes a weight for F32 and F16 files); raise -Xmx", e);
        }
        try {
            return new JavaLlamaBackend(model, threads, f16Cache);
        } catch (OutOfMemoryError e) {
            throw new BackendException("model " + modelFile + ": not enough Java heap for the key/value cache of "
                    + model.h.context() + " positions; raise -Xmx", e);
        }
    }
}
