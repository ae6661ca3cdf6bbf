package org.joulebench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.joulebench.harness.ForkMerge;
import org.joulebench.harness.InputException;
import org.joulebench.harness.ResultFolder;
import org.joulebench.harness.RunFailedException;
import org.joulebench.harness.RunInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Version;

/**
 * {@code run --forks N}: the same run in N child processes, one after another (each a fresh JVM that loads the
 * models afresh, with its own seed), then one result from theirs ({@link ForkMerge}). Each fork's own result
 * folder is kept under {@code forks/fork-K} of the output, with its log.
 */
final class ForkedRun {

    /** Options of the parent's command line that each fork gets its own value of. */
    private static final List<String> PER_FORK = List.of("--forks", "--out", "--seed");

    private ForkedRun() {
    }

    static RunResult execute(List<String> args, int forks, long seed, String runId, String command, Path staging,
                             PrintWriter err) throws RunFailedException, InputException, IOException {
        Instant start = Instant.now();
        Path dir = Files.createDirectories(staging.resolve("forks"));
        List<RunResult> results = new ArrayList<>();
        for (int k = 1; k <= forks; k++) {
            Path out = dir.resolve("fork-" + k);
            Path log = dir.resolve("fork-" + k + ".log");
            List<String> cmd = new ArrayList<>(jvm());
            cmd.add(Main.class.getName());
            cmd.add("run");
            cmd.addAll(withoutPerFork(args));
            cmd.addAll(List.of("--forks", "1", "--seed", Long.toString(seed + k), "--out", out.toString()));
            err.printf("joulebench: fork %d of %d…%n", k, forks);
            err.flush();
            int status = run(cmd, log);
            if (status == Failures.BAD_INPUT) { // the fork refused its input: so does this run, with its reason
                throw new InputException("fork " + k + " of " + forks + " refused its input: "
                        + lastLine(log).replaceFirst("^joulebench: ", ""), "see its log, " + log.getFileName());
            }
            if (status != 0) {
                throw new RunFailedException("fork " + k + " of " + forks + " exited with status " + status + ": "
                        + lastLine(log) + " (its log: " + log.getFileName() + ")", null);
            }
            results.add(ResultFolder.read(out));
        }
        RunInfo info = new RunInfo(runId, start, Instant.now(), Version.get(), seed, command, null, null);
        return ForkMerge.merge(results, info);
    }

    /** The java command of this process, with its JVM options and class path. */
    static List<String> jvm() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        return cmd;
    }

    /** The parent's arguments less those each fork gets its own value of ({@code --out X} and {@code --out=X}). */
    static List<String> withoutPerFork(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (PER_FORK.contains(a)) {
                i++; // and its value
            } else if (PER_FORK.stream().noneMatch(p -> a.startsWith(p + "="))) {
                out.add(a);
            }
        }
        return out;
    }

    private static int run(List<String> cmd, Path log) throws RunFailedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new RunFailedException("cannot start a fork: " + e.getMessage(), e);
        }
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new RunFailedException("interrupted while a fork ran", e);
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "(its log cannot be read: " + e.getMessage() + ")";
        }
    }
}
