package org.joulebench.fleet;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One hardware target of a targets file: where the suite runs ({@link Kubernetes} or {@link Slurm}), how many
 * times, and the {@code run} arguments of this target alone.
 */
record Target(String name, int runs, List<String> run, Optional<Kubernetes> kubernetes, Optional<Slurm> slurm) {

    /**
     * A Kubernetes target: an Indexed Job whose pods land on nodes matching {@code nodeSelector}.
     *
     * @param gpus             {@code nvidia.com/gpu} per pod; 0 for a CPU target
     * @param powercap         whether the host's RAPL counters may be mounted (false where the nodes forbid
     *                         hostPath or have none)
     * @param runtimeClassName the RuntimeClass of GPU pods ({@code nvidia}), empty for the cluster's default
     * @param cpu              CPU request and limit, empty for none
     * @param memory           memory request and limit, empty for none
     */
    record Kubernetes(Map<String, String> nodeSelector, int gpus, boolean powercap, Optional<String> runtimeClassName,
            Optional<String> cpu, Optional<String> memory) {
    }

    /**
     * A Slurm target: an sbatch script, an array job where {@link Target#runs()} is above 1.
     *
     * @param command the command that starts Joulebench on the nodes
     */
    record Slurm(Optional<String> partition, Optional<String> constraint, int gpus, String time, boolean exclusive,
            String command) {
    }
}
