package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A command that writes a file through a {@code .part} file, signalled while it writes: it must end with the signal's
 * status, say so in one line, and leave neither the partial file nor the output behind.
 */
final class InterruptedWrite {

    private InterruptedWrite() {
    }

    /**
     * Runs {@code joulebench args} (output in {@code logs}), sends SIG{@code signal} once a {@code .part} file appears
     * in {@code out}'s folder, and checks the exit {@code status}, the message and that nothing is left.
     */
    static void check(Path logs, Path out, String signal, int status, String... args) throws Exception {
        Path folder = out.getParent();
        Process p = JoulebenchProcess.start(logs, args);
        try {
            assertTrue(JoulebenchProcess.await(() -> partFiles(folder) > 0 || !p.isAlive(), 120),
                    "a .part file appears: " + JoulebenchProcess.read(logs.resolve("stderr.txt")));
            assertTrue(p.isAlive(), "still writing: " + JoulebenchProcess.read(logs.resolve("stderr.txt")));
            JoulebenchProcess.signal(p.pid(), signal);
            assertTrue(JoulebenchProcess.await(() -> !p.isAlive(), 60), "ends after SIG" + signal);
            String err = JoulebenchProcess.read(logs.resolve("stderr.txt"));
            assertEquals(status, p.exitValue(), err);
            assertTrue(err.contains("interrupted by SIG" + signal + " while writing " + out
                    + "; the partial file was removed"), err);
            assertEquals(0, partFiles(folder), "no .part file left");
            assertFalse(Files.exists(out));
        } finally {
            p.destroyForcibly();
        }
    }

    private static long partFiles(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".part")).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
