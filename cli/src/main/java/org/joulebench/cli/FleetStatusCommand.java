package org.joulebench.cli;

import java.util.concurrent.Callable;

import org.joulebench.fleet.FleetPlan;
import org.joulebench.fleet.KubernetesFleet;
import org.joulebench.harness.InputException;

import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Each Kubernetes target's progress: runs succeeded, failed and running, of how many.")
final class FleetStatusCommand implements Callable<Integer> {

    @Mixin
    KubeOptions kube = new KubeOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException {
        FleetPlan plan = kube.openPlan();
        var out = spec.commandLine().getOut();
        try (KubernetesClient client = kube.connect(plan)) {
            for (KubernetesFleet.Progress p : KubeOptions.fleet(client, plan).status()) {
                out.println(p.line());
            }
        }
        for (String t : plan.slurmTargets()) {
            out.println(t + ": Slurm, see squeue --name=" + plan.name() + "-" + t);
        }
        out.flush();
        return 0;
    }
}
