package org.joulebench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.joulebench.fleet.FleetPlan;
import org.joulebench.harness.InputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Write a Kubernetes Indexed Job per Kubernetes target and an sbatch script per Slurm target.")
final class FleetPlanCommand implements Callable<Integer> {

    @Option(names = "--targets", required = true, paramLabel = "FILE", description = "the targets file (targets.yaml)")
    Path targets;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the plan's folder (absent or empty)")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException, IOException {
        FleetPlan plan = FleetPlan.write(targets, out);
        var w = spec.commandLine().getOut();
        for (Path file : plan.files()) {
            w.println("wrote " + file);
        }
        if (!plan.kubernetesTargets().isEmpty()) {
            w.println("next: joulebench fleet submit --plan " + out);
        }
        if (!plan.slurmTargets().isEmpty()) {
            w.println("Slurm: sbatch " + out.resolve("slurm") + "/TARGET.sbatch on the cluster's login node");
        }
        w.flush();
        return 0;
    }
}
