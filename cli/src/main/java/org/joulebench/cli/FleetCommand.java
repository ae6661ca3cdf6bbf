package org.joulebench.cli;

import picocli.CommandLine.Command;

@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "One suite on many hardware targets: Kubernetes Jobs and Slurm scripts from a targets file, "
                + "their runs gathered in the history (docs/fleet.md).",
        subcommands = {FleetPlanCommand.class, FleetSubmitCommand.class, FleetStatusCommand.class,
                FleetCollectCommand.class})
final class FleetCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
