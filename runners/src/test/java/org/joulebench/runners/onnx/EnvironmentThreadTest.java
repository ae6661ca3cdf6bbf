package org.joulebench.runners.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentThreadTest {

    @TempDir
    Path dir;

    /**
     * The crash this class prevents: a JVM whose command line is long (here a 64 kB property besides the test class
     * path) makes the environment with ONNX Runtime's telemetry on. Before, it died of SIGSEGV (exit 139) with no
     * output and no crash log; a 1 MB thread stack held about 4 kB of command line.
     */
    @Test
    void aJvmWithALongCommandLineMakesTheEnvironment() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Djoulebench.test.padding=" + "x".repeat(64 * 1024), "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                "-cp", System.getProperty("java.class.path"), EnvironmentChild.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        // Telemetry as ONNX Runtime does it by default: neither the opt-out nor a CI marker, which turn it off.
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.equals("ORT_DISABLE_TELEMETRY") || k.equals("ORT_RUNNING_UNIT_TESTS")
                || List.of("CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "TF_BUILD", "TRAVIS", "CIRCLECI",
                "BUILDKITE", "TEAMCITY_VERSION", "CODEBUILD_BUILD_ID", "BITBUCKET_BUILD_NUMBER").contains(k));
        Process p = pb.start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child JVM finished");
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(0, p.exitValue(), "exit status (139: SIGSEGV): " + out);
        assertTrue(out.contains("environment made"), out);
    }

    @Test
    void theStackGrowsWithTheCommandLine() {
        assertEquals(EnvironmentThread.BASE_STACK_BYTES, EnvironmentThread.stackBytes(0));
        // 1 kB of stack per byte: four times what ONNX Runtime 1.29 took; 64 kB of command line, 80 MB.
        assertEquals(EnvironmentThread.BASE_STACK_BYTES + 64L * 1024 * 1024, EnvironmentThread.stackBytes(64 * 1024));
    }

    @Test
    void theCommandLineIsMeasuredByReadingIt() throws IOException {
        Path cmdline = Files.write(dir.resolve("cmdline"), "java\0-cp\0a.jar\0Main\0".getBytes());
        assertEquals(20, EnvironmentThread.commandLineBytes(cmdline));
        assertEquals(0, EnvironmentThread.commandLineBytes(dir.resolve("absent")), "no /proc: nothing to fit");
    }

    @Test
    void theTaskRunsOnAThreadWithThatStack() throws Exception {
        // 200,000 frames of recursion need several MB: more than a default 1 MB thread has, less than 64 MB.
        assertEquals(200_000, EnvironmentThread.call("deep", 64L << 20, () -> depth(200_000)));
        assertTrue(EnvironmentThread.call("name", 1L << 20, () -> Thread.currentThread().getName()).equals("name"));
    }

    @Test
    void whatTheTaskThrowsIsThrownToTheCaller() {
        IOException checked = new IOException("no");
        assertSame(checked, assertThrows(IOException.class, () -> EnvironmentThread.call("t", 1L << 20, () -> {
            throw checked;
        })));
        IllegalStateException unchecked = new IllegalStateException("made elsewhere");
        assertSame(unchecked, assertThrows(IllegalStateException.class,
                () -> EnvironmentThread.call("t", 1L << 20, () -> {
                    throw unchecked;
                })));
    }

    @Test
    void anInterruptWhileWaitingIsKept() throws Exception {
        Thread.currentThread().interrupt();
        try {
            assertEquals("done", EnvironmentThread.call("t", 1L << 20, () -> "done"));
            assertTrue(Thread.interrupted(), "the caller's interrupt is restored");
        } finally {
            Thread.interrupted();
        }
    }

    private static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }
}
