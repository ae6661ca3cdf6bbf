package org.joulebench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The slim jar's command ({@code joulebench-meters.jar}, built with {@code -Pslim}): {@code meters} and
 * {@code measure} only, with the meters and none of the model backends (no ONNX Runtime, DJL, llama.cpp or zoo
 * models), for a machine with little room or no network, such as the one {@code tools/gpu-check.sh} checks.
 */
@Command(name = "joulebench", mixinStandardHelpOptions = true, versionProvider = Joulebench.VersionProvider.class,
        description = "Joulebench's meters alone: list them, and measure a command's energy.",
        subcommands = {MetersCommand.class, MeasureCommand.class})
final class MetersMain implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new MetersMain());
        cl.setExecutionExceptionHandler(new Failures());
        cl.setParameterExceptionHandler(Failures::onBadParameter);
        System.exit(cl.execute(args));
    }
}
