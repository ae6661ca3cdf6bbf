package org.joulebench.cli;

import org.joulebench.harness.Version;

import picocli.CommandLine.Command;

@Command(name = "joulebench", mixinStandardHelpOptions = true, versionProvider = Joulebench.VersionProvider.class,
        description = "Energy benchmarks for ML models: joules per query and per token, throughput and accuracy, side by side.",
        subcommands = {RunCommand.class, MeasureCommand.class, ZooCommand.class, MetersCommand.class,
                BenchEnginesCommand.class, ServeCommand.class, CompareCommand.class, AbCommand.class, ReportCommand.class, HistoryCommand.class,
                FleetCommand.class})
final class Joulebench implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Whether this build has the {@code serve} command (for {@code run --serve-local}). */
    static boolean hasServe() {
        return new picocli.CommandLine(new Joulebench()).getSubcommands().containsKey("serve");
    }

    static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"joulebench " + Version.get()};
        }
    }
}
