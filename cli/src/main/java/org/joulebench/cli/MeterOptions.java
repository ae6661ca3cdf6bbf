package org.joulebench.cli;

import java.nio.file.Path;

import org.joulebench.meters.MeterConfig;

import picocli.CommandLine.Option;

/** Options every command that touches meters shares. */
final class MeterOptions {

    @Option(names = "--powercap-root", paramLabel = "DIR",
            description = "powercap sysfs folder (default: ${DEFAULT-VALUE}); point it at a copy or a fake tree")
    Path powercapRoot = MeterConfig.DEFAULT_POWERCAP_ROOT;

    MeterConfig config() {
        return MeterConfig.system().withPowercapRoot(powercapRoot);
    }
}
