package org.joulebench.harness;

import java.util.List;
import java.util.Objects;

import org.joulebench.runners.Devices;

/**
 * Where a run's models run: on which device the embedding backends place them, how many layers llama.cpp offloads to
 * the GPU, and which models behind OpenAI-compatible servers join the run.
 *
 * @param device    {@code cpu}, {@code cuda} or {@code cuda:N}, for the backends that place a whole model
 * @param gpuLayers layers llama.cpp offloads to the GPU; 0 for none
 * @param remote    models behind OpenAI-compatible servers
 */
public record Placement(String device, int gpuLayers, List<RemoteModel> remote) {

    /** Everything on the CPU, no server. */
    public static final Placement CPU = new Placement("cpu", 0, List.of());

    public Placement {
        Objects.requireNonNull(device, "device");
        Devices.check(device);
        if (gpuLayers < 0) {
            throw new IllegalArgumentException("--gpu-layers must be >= 0, was " + gpuLayers);
        }
        remote = List.copyOf(remote);
    }
}
