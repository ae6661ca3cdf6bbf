package org.joulebench.meters.nvml;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fake {@code libnvidia-ml.so.1} compiled from {@code src/test/c/fake_nvml.c} with gcc, and the
 * control functions through which a test sets its boards' state. Each variant goes to its own
 * folder: JNA and the dynamic loader keep a library per path, so two variants must never share
 * one. The file is not called {@code libnvidia-ml.so.1}: JNA also caches a loaded library under
 * its file name, and a later load of the real library by that name, in the same JVM, would get the
 * fake. Tests are skipped, with the reason, where gcc is missing.
 */
final class FakeNvmlLibrary {

    static final String FILE_NAME = "libnvidia-ml-fake.so.1";

    static final Path SOURCE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("src/test/c/fake_nvml.c");

    /** The fake's setters and counters. */
    interface Control extends Library {
        void fake_reset();

        void fake_set_device_count(int n);

        void fake_set_init_result(int code);

        void fake_set_energy_mj(int index, long millijoules);

        void fake_set_energy_supported(int index, int supported);

        void fake_set_energy_result(int index, int code);

        void fake_set_power_mw(int index, int milliwatts);

        void fake_set_power_result(int index, int code);

        void fake_set_power_limit_mw(int index, int milliwatts);

        void fake_set_power_limit_result(int index, int code);

        void fake_set_utilization(int index, int gpuPercent, int memoryPercent);

        void fake_set_utilization_result(int index, int code);

        void fake_set_temperature_result(int index, int code);

        void fake_set_mig_parent(int index, int parentSlot);

        void fake_set_name(int index, String name);

        void fake_set_uuid(int index, String uuid);

        int fake_init_refs();

        int fake_init_calls();

        int fake_shutdown_calls();
    }

    private final Path path;
    private final Control control;

    private FakeNvmlLibrary(Path path) {
        this.path = path;
        this.control = Native.load(path.toString(), Control.class);
        control.fake_reset();
    }

    static final String NO_GCC = "gcc is not installed: the tests that load a fake libnvidia-ml.so.1 need it";

    private static final boolean GCC_WORKS = gccWorks();

    /**
     * Compiles the fake into {@code dir/variant/libnvidia-ml-fake.so.1} with the given {@code -D}
     * defines; null where gcc is missing (see {@link #assumeCompiled}).
     */
    static FakeNvmlLibrary compile(Path dir, String variant, String... defines) throws IOException,
            InterruptedException {
        if (!GCC_WORKS) {
            return null;
        }
        Path out = Files.createDirectories(dir.resolve(variant)).resolve(FILE_NAME);
        List<String> command = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-Wall", "-o", out.toString()));
        for (String define : defines) {
            command.add("-D" + define);
        }
        command.add(SOURCE.toString());
        Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IllegalStateException("gcc failed on " + SOURCE + ":\n" + output);
        }
        return new FakeNvmlLibrary(out);
    }

    private static boolean gccWorks() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Skips the calling test, with the reason, when the fake could not be compiled. */
    static void assumeCompiled(FakeNvmlLibrary... libraries) {
        for (FakeNvmlLibrary library : libraries) {
            assumeTrue(library != null, NO_GCC);
        }
    }

    Path path() {
        return path;
    }

    Control control() {
        return control;
    }

    /** Back to one Volta-class board with default readings, NVML not initialized. */
    Control reset() {
        control.fake_reset();
        return control;
    }
}
