package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The fake libnvidia-ml of the meter module's tests, compiled with gcc into a test's folder: the meters bind its NVML
 * functions, the test sets its boards' power through the control functions. Tests are skipped where gcc or the
 * source is missing.
 */
final class FakeNvmlLib {

    /** The fake's control functions (the meter binds the NVML ones from the same library). */
    interface Control extends Library {
        void fake_reset();

        void fake_set_device_count(int n);

        void fake_set_ramp_mw(int index, int milliwatts);
    }

    final Path file;
    final Control control;

    private FakeNvmlLib(Path file) {
        this.file = file;
        this.control = Native.load(file.toString(), Control.class);
        control.fake_reset();
    }

    /** Compiles the fake as {@code dir/name} and loads it, reset. */
    static FakeNvmlLib compile(Path dir, String name) throws Exception {
        Path source = Path.of("..", "energy-meters", "src", "test", "c", "fake_nvml.c").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(source), "fake NVML source not found at " + source);
        Path lib = dir.resolve(name);
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", lib.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "gcc is not installed: " + e.getMessage());
            throw e;
        }
        assumeTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc took too long");
        String out = new String(gcc.getInputStream().readAllBytes());
        assertEquals(0, gcc.exitValue(), "gcc failed: " + out);
        return new FakeNvmlLib(lib);
    }

    /** Boards drawing constant powers, in watts, from now on. */
    FakeNvmlLib boards(double... watts) {
        control.fake_set_device_count(watts.length);
        for (int i = 0; i < watts.length; i++) {
            control.fake_set_ramp_mw(i, (int) Math.round(watts[i] * 1000));
        }
        return this;
    }
}
