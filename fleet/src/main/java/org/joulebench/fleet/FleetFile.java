package org.joulebench.fleet;

import java.util.List;
import java.util.Optional;

/**
 * A parsed targets file.
 *
 * @param name    the fleet's name: the prefix of its Job names and the value of its label
 * @param suite   a built-in suite's name, or a suite file as the targets see it
 * @param run     extra {@code run} arguments for every target
 * @param history the history's JDBC URL, or empty where it is {@code $JOULEBENCH_HISTORY_URL}
 * @param image   the container image of the Kubernetes targets, empty where there are none
 */
record FleetFile(String name, String suite, List<String> run, Optional<String> history, Optional<String> image,
        List<Target> targets) {

    /** The literal that stands for the environment variable in {@code history:}. */
    static final String HISTORY_VARIABLE = "$JOULEBENCH_HISTORY_URL";

    List<Target> kubernetesTargets() {
        return targets.stream().filter(t -> t.kubernetes().isPresent()).toList();
    }

    List<Target> slurmTargets() {
        return targets.stream().filter(t -> t.slurm().isPresent()).toList();
    }

    /** The Job (and sbatch job) name of {@code target}. */
    String jobName(Target target) {
        return name + "-" + target.name();
    }

    /** The history is an SQLite file: on the machine that runs {@code fleet collect}, not reachable from pods. */
    boolean historyIsFile() {
        return history.map(h -> h.startsWith("jdbc:sqlite:")).orElse(false);
    }
}
