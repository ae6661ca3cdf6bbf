package org.joulebench.runners;

/**
 * How to run a backend.
 *
 * @param threads   intra-op threads; 0 lets the backend choose
 * @param device    execution device: {@code cpu}, {@code cuda} or {@code cuda:N} (see {@link Devices})
 * @param gpuLayers model layers to offload to the GPU, for engines that split a model between CPU and GPU
 *                  (llama.cpp); 0 keeps every layer on the CPU
 */
public record BackendConfig(int threads, String device, int gpuLayers) {

    public BackendConfig {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, was " + threads);
        }
        java.util.Objects.requireNonNull(device, "device");
        if (gpuLayers < 0) {
            throw new IllegalArgumentException("gpuLayers must be >= 0, was " + gpuLayers);
        }
    }

    /** {@code device} with no layers offloaded. */
    public BackendConfig(int threads, String device) {
        this(threads, device, 0);
    }

    public static BackendConfig cpu(int threads) {
        return new BackendConfig(threads, "cpu");
    }

    /**
     * Refuses what an engine that runs on the CPU only cannot apply: another device, or layers to offload.
     *
     * @param engine the engine's id, for the message
     * @param hint   why, and what to do instead, e.g. "it runs on the CPU only; pick --backend llamacpp"
     */
    public void requireCpuOnly(String engine, String hint) throws BackendException {
        if (!device.equals("cpu")) {
            throw new BackendException("--device " + device + " cannot apply to " + engine + ": " + hint);
        }
        if (gpuLayers > 0) {
            throw new BackendException("--gpu-layers " + gpuLayers + " cannot apply to " + engine + ": " + hint);
        }
    }
}
