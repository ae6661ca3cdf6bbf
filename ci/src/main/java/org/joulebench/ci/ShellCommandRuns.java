package org.joulebench.ci;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.joulebench.meters.CpuClock;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;

/** {@link CommandRuns#shell}: each run is {@code sh -c COMMAND} inside one window of every meter. */
final class ShellCommandRuns implements CommandRuns {

    /** How much of a failed command's stderr the error message keeps. */
    private static final int STDERR_TAIL = 600;
    private static final double NANOS = 1e9;

    private final List<Meter> meters;
    private final Ticker ticker;
    private final CpuClock endedChildren;
    private final String prepare;
    private final boolean showOutput;
    private final Path stderr;
    private volatile boolean interrupted;
    private volatile Process current;

    ShellCommandRuns(List<Meter> meters, Ticker ticker, CpuClock endedChildren, String prepare, boolean showOutput,
                     Path scratch) {
        this.meters = List.copyOf(meters);
        this.ticker = ticker;
        this.endedChildren = endedChildren;
        this.prepare = prepare;
        this.showOutput = showOutput;
        this.stderr = scratch.resolve("stderr.txt");
    }

    @Override
    public RunRecord run(int round, Side side, int position, String command) throws CommandFailedException,
            InterruptedException {
        String name = (round == 0 ? "warm-up round" : "round " + round) + ", " + side + ": '" + command + "'";
        if (prepare != null) {
            int status = execute(prepare);
            if (status != 0) {
                throw new CommandFailedException("--prepare '" + prepare + "' (before " + name + ")", status, tail());
            }
        }
        long cpu0 = endedChildren.processCpuNanos();
        List<Window> windows = new ArrayList<>(meters.size());
        for (Meter m : meters) {
            windows.add(m.begin(side + "#" + round));
        }
        long t0 = ticker.nanoTime();
        int status = execute(command);
        long t1 = ticker.nanoTime();
        Map<String, Double> joules = new LinkedHashMap<>();
        for (int i = 0; i < meters.size(); i++) {
            Measurement m = windows.get(i).end();
            joules.put(meters.get(i).id(), m.total().joules());
        }
        long cpu1 = endedChildren.processCpuNanos();
        if (status != 0) {
            throw new CommandFailedException(name, status, tail());
        }
        double cpu = cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / NANOS;
        return new RunRecord(round, side, position, t0 / NANOS, (t1 - t0) / NANOS, cpu, joules);
    }

    /** Runs {@code sh -c command} to its end; throws when interrupted (the process is then destroyed). */
    private int execute(String command) throws InterruptedException, CommandFailedException {
        if (interrupted) {
            throw new InterruptedException("interrupted");
        }
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command);
        if (showOutput) {
            pb.inheritIO();
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CommandFailedException("'" + command + "' could not be started (" + e.getMessage() + ")", 127,
                    "");
        }
        current = p;
        try {
            int status = p.waitFor();
            if (status > 128) {
                awaitSignalHandler();
            }
            if (interrupted) {
                throw new InterruptedException("interrupted");
            }
            return status;
        } finally {
            current = null;
        }
    }

    /**
     * A Ctrl-C reaches the command and this process together; the command may end of it before this
     * process's handler has run. A status above 128 (killed by a signal) waits a moment for the handler, so that
     * the interrupted run is discarded rather than reported as a failed command.
     */
    private void awaitSignalHandler() throws InterruptedException {
        for (int i = 0; i < 20 && !interrupted; i++) {
            Thread.sleep(50);
        }
    }

    @Override
    public void interrupt() {
        interrupted = true;
        Process p = current;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    private String tail() {
        if (showOutput) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(stderr.toFile(), "r")) {
            long from = Math.max(0, f.length() - STDERR_TAIL);
            byte[] b = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
