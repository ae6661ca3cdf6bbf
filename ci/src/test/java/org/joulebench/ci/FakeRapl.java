package org.joulebench.ci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A powercap tree with one RAPL zone, package-0, in a test folder. The sample tests "use" energy by
 * advancing its counter: nothing is measured, the joules are the test's own made-up figures.
 */
final class FakeRapl {

    /** The zone the running sample writes to; set by the test that runs the samples. */
    static volatile Path zone;

    private FakeRapl() {
    }

    /** Builds {@code tmp/powercap/intel-rapl:0} and points {@link #zone} at it; returns the powercap root. */
    static Path create(Path tmp) throws IOException {
        Path root = tmp.resolve("powercap");
        Path dir = Files.createDirectories(root.resolve("intel-rapl:0"));
        Files.writeString(dir.resolve("name"), "package-0\n");
        Files.writeString(dir.resolve("max_energy_range_uj"), "262143328850\n");
        Files.writeString(dir.resolve("energy_uj"), "1000000\n");
        zone = dir;
        return root;
    }

    /** Advances the counter by {@code joules}, as the hardware would while the method ran. */
    static void spend(double joules) {
        Path file = zone.resolve("energy_uj");
        try {
            long now = Long.parseLong(Files.readString(file).strip());
            Files.writeString(file, (now + Math.round(joules * 1e6)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
