package org.joulebench.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.joulebench.fleet.FleetPlan;
import org.joulebench.fleet.KubernetesFleet;
import org.joulebench.harness.InputException;

import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Fetch every finished run's results from its pod's log into PLAN/collected/ and add it to the "
                + "history (as history add); list failed and unfinished runs with their pod's reason. "
                + "Exit 0 when every run is in, 1 when some failed or are not finished.")
final class FleetCollectCommand implements Callable<Integer> {

    @Mixin
    KubeOptions kube = new KubeOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException, IOException {
        FleetPlan plan = kube.openPlan();
        String history = plan.historyUrl(System.getenv());
        KubernetesFleet.Collected collected;
        try (KubernetesClient client = kube.connect(plan)) {
            collected = KubeOptions.fleet(client, plan).collect();
        }
        var out = spec.commandLine().getOut();
        if (!collected.results().isEmpty()) {
            // The same code path as `joulebench history add`: idempotent, so runs the pods added are left as they are.
            List<String> args = new ArrayList<>();
            collected.results().forEach(p -> args.add(p.toString()));
            args.add("--jdbc-url");
            args.add(history);
            CommandLine add = new CommandLine(new HistoryAddCommand());
            add.setOut(out);
            add.parseArgs(args.toArray(String[]::new));
            ((HistoryAddCommand) add.getCommand()).call();
        }
        for (String p : collected.problems()) {
            out.println("failed: " + p);
        }
        for (String u : collected.unfinished()) {
            out.println("not finished: " + u);
        }
        int total = collected.results().size() + collected.problems().size() + collected.unfinished().size();
        out.printf("collected %d of %d runs into %s%n", collected.results().size(), total,
                kube.plan.resolve(KubernetesFleet.COLLECTED));
        out.flush();
        return collected.problems().isEmpty() && collected.unfinished().isEmpty() ? 0 : Failures.FAILED;
    }

}
