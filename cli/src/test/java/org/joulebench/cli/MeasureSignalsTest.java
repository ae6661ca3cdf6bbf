package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code joulebench measure -- CMD}: the shell's statuses for a command that cannot run, and a SIGINT or SIGTERM to
 * joulebench forwarded to the command, which is never left running.
 */
class MeasureSignalsTest {

    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotExecutableGets126() throws Exception {
        Path script = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        CliRunner.Outcome o = CliRunner.run("measure", "--meter", "estimate", "--", script.toString());
        assertEquals(MeasureCommand.COMMAND_NOT_EXECUTABLE, o.status(), o.err());
        assertEquals(126, o.status());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("cannot run '" + script + "': permission denied"), o.err());
    }

    @Test
    void aFolderGets126() {
        CliRunner.Outcome o = CliRunner.run("measure", "--meter", "estimate", "--", dir.toString());
        assertEquals(126, o.status(), o.err());
    }

    @Test
    void aCommandNotFoundGets127() {
        CliRunner.Outcome o = CliRunner.run("measure", "--meter", "estimate", "--", "joulebench-no-such-command");
        assertEquals(127, o.status(), o.err());
        assertTrue(o.err().contains("cannot run 'joulebench-no-such-command': not found"), o.err());
    }

    @Test
    void idleSecondsOutOfBoundsIsRefused() {
        for (String bad : new String[] {"NaN", "-1", "3601", "Infinity"}) {
            CliRunner.Outcome o = CliRunner.run("measure", "--meter", "estimate", "--idle-seconds", bad, "--", "true");
            assertEquals(2, o.status(), bad + ": " + o.err());
            assertTrue(o.err().contains("--idle-seconds"), o.err());
        }
    }

    @Test
    void sigtermIsForwardedToTheCommandAndItsChildren() throws Exception {
        // sh waits on a background sleep: both must be gone once joulebench has exited.
        Path pids = dir.resolve("pids");
        Process p = JoulebenchProcess.start(dir, "measure", "--meter", "estimate", "--", "sh", "-c",
                "sleep 300 & echo $$ $! > " + pids + "; wait");
        try {
            long[] cmd = awaitPids(p, pids);
            p.destroy(); // SIGTERM
            assertTrue(JoulebenchProcess.await(() -> !p.isAlive(), 60), "joulebench ends");
            String err = JoulebenchProcess.read(dir.resolve("stderr.txt"));
            assertEquals(143, p.exitValue(), err);
            assertTrue(err.contains("joulebench: interrupted by SIGTERM; the command was stopped"), err);
            assertGone(cmd[0]);
            assertGone(cmd[1]);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigintIsForwardedAndGives130() throws Exception {
        assumeFalse(JoulebenchProcess.sigintIgnored(), "this JVM was started with SIGINT ignored");
        Path pids = dir.resolve("pids");
        Process p = JoulebenchProcess.start(dir, "measure", "--meter", "estimate", "--", "sh", "-c",
                "echo $$ 0 > " + pids + "; exec sleep 300");
        try {
            long[] cmd = awaitPids(p, pids);
            JoulebenchProcess.signal(p.pid(), "INT");
            assertTrue(JoulebenchProcess.await(() -> !p.isAlive(), 60), "joulebench ends");
            String err = JoulebenchProcess.read(dir.resolve("stderr.txt"));
            assertEquals(130, p.exitValue(), err);
            assertTrue(err.contains("interrupted by SIGINT"), err);
            assertGone(cmd[0]);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aCommandThatIgnoresTheSignalIsKilledAfterItsGrace() throws Exception {
        Path pids = dir.resolve("pids");
        Process p = JoulebenchProcess.start(dir, "measure", "--meter", "estimate", "--", "sh", "-c",
                "trap '' TERM; echo $$ 0 > " + pids + "; exec sleep 300");
        try {
            long[] cmd = awaitPids(p, pids);
            p.destroy();
            assertTrue(JoulebenchProcess.await(() -> !p.isAlive(), 60), "joulebench ends");
            String err = JoulebenchProcess.read(dir.resolve("stderr.txt"));
            assertEquals(143, p.exitValue(), err);
            assertGone(cmd[0]);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The command's pids, once it has written them (joulebench then handles the signals). */
    private static long[] awaitPids(Process p, Path pids) throws Exception {
        assertTrue(JoulebenchProcess.await(() -> JoulebenchProcess.read(pids).strip().split(" ").length == 2
                || !p.isAlive(), 120), "the command starts");
        assertTrue(p.isAlive(), "joulebench still runs");
        String[] s = JoulebenchProcess.read(pids).strip().split(" ");
        return new long[] {Long.parseLong(s[0]), Long.parseLong(s[1])};
    }

    private static void assertGone(long pid) throws Exception {
        if (pid == 0) {
            return;
        }
        // A killed child of joulebench is reaped by init once joulebench is gone; give that a moment.
        assertTrue(JoulebenchProcess.await(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), 10),
                "process " + pid + " is no longer running");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
