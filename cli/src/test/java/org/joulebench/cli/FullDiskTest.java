package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up during a run: the run stops at the next query once its journal cannot be written, keeps
 * the folder with what was written, and says exactly what could not be, never that other formats were written.
 * Needs root to mount a small tmpfs; skipped with the reason elsewhere.
 */
class FullDiskTest {

    @TempDir
    Path dir;

    private static int sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /** Files this process holds open under {@code dir}, from /proc/self/fd. */
    private static java.util.List<String> openFilesUnder(Path dir) throws Exception {
        java.util.List<String> open = new java.util.ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(dir)) {
                        open.add(target.toString());
                    }
                } catch (java.io.IOException e) {
                    // closed while listing
                }
            }
        }
        return open;
    }

    @Test
    void aDiskThatFillsUpKeepsTheJournalAndNamesWhatCouldNotBeWritten() throws Exception {
        Path disk = dir.resolve("small-disk");
        Files.createDirectories(disk);
        int mounted = sh("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString());
        Assumptions.assumeTrue(mounted == 0, "cannot mount a 64 KiB tmpfs here (needs root and mount(8))");
        try {
            Path out = disk.resolve("run");
            CliRunner.Outcome o = CliRunner.run("run", "--models", "all-minilm-l6-v2", "--limit", "200",
                    "--repetitions", "3", "--idle-seconds", "0", "--out", out.toString());
            assertEquals(1, o.status(), o.out() + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.err().contains(Journal.FILE + " could not be written"), o.err());
            assertTrue(o.err().contains("so it holds the queries up to there only"), o.err());
            assertFalse(o.err().contains("the other formats were written"), o.err());
            assertTrue(Files.isDirectory(out), "the folder is kept with what it holds");
            assertTrue(Files.size(out.resolve(Journal.FILE)) > 0, "the journal up to the full disk");
            assertEquals(java.util.List.of(), openFilesUnder(disk), "the run closed every file it opened there");
        } finally {
            sh("umount", "-l", disk.toString());
        }
    }
}
