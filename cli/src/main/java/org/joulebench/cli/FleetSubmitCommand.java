package org.joulebench.cli;

import java.util.concurrent.Callable;

import org.joulebench.fleet.FleetPlan;
import org.joulebench.harness.InputException;
import org.joulebench.reports.ResultsHistory;

import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Create the plan's Jobs on the cluster (and the history's Secret); those already there are left as they are.")
final class FleetSubmitCommand implements Callable<Integer> {

    @Mixin
    KubeOptions kube = new KubeOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException {
        FleetPlan plan = kube.openPlan();
        String history = plan.historyUrl(System.getenv());
        if (plan.podsReachHistory()) {
            // The pods add their runs themselves: a history that cannot be reached is refused before any Job exists.
            try (ResultsHistory h = ResultsHistory.open(history)) {
                h.location();
            }
        }
        var out = spec.commandLine().getOut();
        try (KubernetesClient client = kube.connect(plan)) {
            for (String line : KubeOptions.fleet(client, plan).submit(history)) {
                out.println(line);
            }
        }
        out.println("next: joulebench fleet status --plan " + kube.plan);
        out.flush();
        return 0;
    }
}
