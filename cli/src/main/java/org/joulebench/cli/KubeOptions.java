package org.joulebench.cli;

import java.nio.file.Path;
import java.util.Optional;

import org.joulebench.fleet.FleetPlan;
import org.joulebench.fleet.KubernetesConnection;
import org.joulebench.fleet.KubernetesFleet;
import org.joulebench.harness.InputException;

import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Option;

/** The plan and the cluster of {@code fleet submit|status|collect}. */
final class KubeOptions {

    @Option(names = "--plan", required = true, paramLabel = "DIR", description = "the folder fleet plan wrote")
    Path plan;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "kubeconfig (default: as kubectl: $KUBECONFIG, else ~/.kube/config)")
    Path kubeconfig;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "namespace (default: the context's, else default)")
    String namespace;

    FleetPlan openPlan() throws InputException {
        return FleetPlan.open(plan);
    }

    /** The client, or a one-line error; a plan without Kubernetes targets is refused first. */
    KubernetesClient connect(FleetPlan p) throws InputException {
        if (p.kubernetesTargets().isEmpty()) {
            throw new InputException("the plan in " + plan + " has no Kubernetes target",
                    "its Slurm targets are submitted with sbatch (see docs/fleet.md)");
        }
        return KubernetesConnection.connect(Optional.ofNullable(kubeconfig), Optional.ofNullable(namespace), System.getenv());
    }

    static KubernetesFleet fleet(KubernetesClient client, FleetPlan p) {
        return new KubernetesFleet(client, p);
    }
}
