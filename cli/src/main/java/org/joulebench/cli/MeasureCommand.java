package org.joulebench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.joulebench.harness.IdleBaseline;
import org.joulebench.harness.InputException;
import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.RunFailedException;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Meters;
import org.joulebench.meters.Window;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code perf stat} for energy: runs a command while meters measure, then prints energy per
 * meter and domain. The exit status is the command's.
 */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = {"Run a command and print the energy it took, per meter and domain (gross, net, method, boundary).",
                "Exit status: the command's; 126 it cannot be executed, 127 it is not found, 2 bad input, 130/143 "
                        + "joulebench got SIGINT/SIGTERM (forwarded to the command, which is killed if it has not "
                        + "ended " + MeasureCommand.GRACE_MILLIS / 1000 + " s later)."},
        footer = "Example: joulebench measure --meter rapl --idle-seconds 5 -- python3 train.py")
final class MeasureCommand implements Callable<Integer> {

    /** The shell's status for a command that was not found. */
    static final int COMMAND_NOT_FOUND = 127;
    /** The shell's status for a command that was found but cannot be executed (no execute permission, a folder). */
    static final int COMMAND_NOT_EXECUTABLE = 126;
    /** How long the command has, after a forwarded SIGINT or SIGTERM, before it is killed. */
    static final long GRACE_MILLIS = 5_000;

    /** The errno in the JDK's message for a process that could not be started ("error=13, Permission denied"). */
    private static final Pattern ERRNO = Pattern.compile("error=(\\d+)");

    /** The signal that interrupted this command, if one did. */
    private String interruptedBy;

    @Option(names = "--meter", split = ",", paramLabel = "ID",
            description = "meters, comma-separated: auto (the best CPU meter plus every GPU meter that works), "
                    + "or ids from `joulebench meters` (default: auto)")
    List<String> meters = new ArrayList<>(List.of(Meters.AUTO));

    @Option(names = "--idle-seconds", paramLabel = "S",
            description = "measure idle power this long first and subtract it for net energy (default: 0: no baseline,"
                    + " net = gross, labelled so)")
    double idleSeconds = 0;

    @Option(names = "--json", description = "print JSON for machines")
    boolean json;

    @Mixin
    MeterOptions meterOptions = new MeterOptions();

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "the command to run and its arguments (after --)")
    List<String> command;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException, RunFailedException {
        Bounds.within("--idle-seconds", idleSeconds, 0, RunCommand.MAX_IDLE_SECONDS);
        MeterConfig config = meterOptions.config();
        List<Meter> open = OpenMeters.open(meters, config);
        try {
            Map<String, Double> idleWatts = OpenMeters.idleWatts(open, idleSeconds);
            List<Window> windows = new ArrayList<>();
            for (Meter m : open) {
                windows.add(m.begin("command"));
            }
            int status = runCommand();
            List<Measurement> results = new ArrayList<>();
            for (Window w : windows) {
                results.add(w.end());
            }
            print(open, results, idleWatts, status);
            return interruptedBy == null ? status : Interrupts.status(interruptedBy);
        } catch (MeterReadException e) {
            throw new RunFailedException("a meter failed while the command ran: " + e.getMessage(), e);
        } finally {
            open.forEach(Meter::close);
        }
    }

    private int runCommand() {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        RunningCommand running = new RunningCommand();
        // From here on SIGINT and SIGTERM reach the command instead of ending this JVM with the command still running.
        try (Interrupts ignored = Interrupts.handle(running::signal)) {
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return notRun(e);
            }
            running.started(p);
            int status;
            boolean interrupted = false;
            while (true) {
                try {
                    status = p.waitFor();
                    break;
                } catch (InterruptedException e) {
                    if (!interrupted) { // this thread told to stop: stop the command as a SIGTERM would
                        interrupted = true;
                        running.signal("TERM");
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            String signal = running.signalled();
            if (signal != null) {
                running.awaitStopped();
                spec.commandLine().getErr().println("joulebench: interrupted by SIG" + signal + "; the command was "
                        + "stopped (its status " + status + ") and the energy below covers it until then");
                interruptedBy = signal;
            }
            return status;
        }
    }

    /** The status of a command that could not be started: 127 not found, 126 found but not runnable (the shell's). */
    private int notRun(IOException e) {
        String program = command.get(0);
        Matcher errno = ERRNO.matcher(String.valueOf(e.getMessage()));
        int code = errno.find() ? Integer.parseInt(errno.group(1)) : -1;
        boolean notFound = code == 2 || code == 20 // ENOENT, ENOTDIR
                || code == -1 && !(program.contains("/") && Files.exists(Path.of(program)));
        String why = notFound ? "not found"
                : code == 13 ? "permission denied (not executable, or a folder)"
                : code == 8 ? "exec format error (not a program this machine can run)"
                : "cannot be executed";
        spec.commandLine().getErr().println("joulebench: cannot run '" + program + "': " + why + " ("
                + e.getMessage() + ")");
        return notFound ? COMMAND_NOT_FOUND : COMMAND_NOT_EXECUTABLE;
    }

    /**
     * The command's process while it runs, and the signal this JVM got meanwhile: forwarded to the process and its
     * descendants; whatever of them is still there after {@link #GRACE_MILLIS} (or at a second signal) is killed.
     */
    private static final class RunningCommand {
        private Process process;
        private String signal;
        private final CountDownLatch stopped = new CountDownLatch(1);

        void started(Process p) {
            String early;
            synchronized (this) {
                process = p;
                early = signal;
            }
            if (early != null) { // a signal came before the process existed
                forward(early);
            }
        }

        /** Runs on the signal's own thread. */
        void signal(String name) {
            Process p;
            boolean again;
            synchronized (this) {
                again = signal != null;
                if (!again) {
                    signal = name;
                }
                p = process;
            }
            if (p == null) {
                return; // forwarded once the process exists
            }
            if (again) { // a second signal: no more grace
                kill(tree(p));
            } else {
                forward(name);
            }
        }

        synchronized String signalled() {
            return signal;
        }

        /** Waits for the forwarding to finish, so that no descendant is left behind when this JVM exits. */
        void awaitStopped() {
            try {
                stopped.await(GRACE_MILLIS + 10_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void forward(String name) {
            Process p;
            synchronized (this) {
                p = process;
            }
            List<ProcessHandle> tree = tree(p);
            try {
                send(name, tree);
                CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit)
                        .toArray(CompletableFuture[]::new);
                try {
                    CompletableFuture.allOf(exits).get(GRACE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // past its grace: killed below
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                tree.addAll(tree(p)); // descendants started meanwhile
                kill(tree);
            } finally {
                stopped.countDown();
            }
        }

        /** The process and its descendants as they are now (a process that has ended has none left to list). */
        private static List<ProcessHandle> tree(Process p) {
            List<ProcessHandle> tree = new ArrayList<>();
            tree.add(p.toHandle());
            p.descendants().forEach(tree::add);
            return tree;
        }

        private static void kill(List<ProcessHandle> tree) {
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }

        /** SIGTERM through the JDK; SIGINT through kill(1), the JDK having no call for it (SIGTERM if that fails). */
        private static void send(String name, List<ProcessHandle> tree) {
            if ("INT".equals(name)) {
                List<String> cmd = new ArrayList<>(List.of("kill", "-s", "INT"));
                tree.forEach(h -> cmd.add(Long.toString(h.pid())));
                try {
                    Process kill = new ProcessBuilder(cmd).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (kill.waitFor(2, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                        return;
                    }
                } catch (IOException e) {
                    // no kill(1) here: SIGTERM below
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        }
    }

    private void print(List<Meter> open, List<Measurement> results, Map<String, Double> idleWatts, int status)
            throws RunFailedException {
        var out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (int i = 0; i < open.size(); i++) {
                list.add(toJson(open.get(i), results.get(i), idleWatts.get(open.get(i).id())));
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", command);
            doc.put("exit_status", status);
            doc.put("seconds", results.isEmpty() ? null : seconds(results.get(0).duration()));
            doc.put("meters", list);
            try {
                out.println(ResultCodec.mapper().writeValueAsString(doc));
            } catch (IOException e) {
                throw new RunFailedException("cannot write JSON: " + e.getMessage(), e);
            }
        } else {
            out.printf(Locale.ROOT, "%n Energy of '%s' (exit status %d):%n%n", String.join(" ", command), status);
            Table t = new Table("meter", "domain", "gross J", "net J", "avg W", "method");
            for (int i = 0; i < open.size(); i++) {
                Meter m = open.get(i);
                Measurement r = results.get(i);
                Double idle = idleWatts.get(m.id());
                double s = seconds(r.duration());
                for (Map.Entry<Domain, Energy> e : r.byDomain().entrySet()) {
                    t.row(m.id(), e.getKey().name(), joules(e.getValue().joules()), "", watts(e.getValue().joules() / s),
                            m.method().name());
                }
                t.row(m.id(), "TOTAL", joules(r.total().joules()),
                        idle == null ? joules(r.total().joules()) + " (gross)"
                                : joules(IdleBaseline.net(r.total().joules(), idle, s)),
                        watts(r.averagePower().watts()), m.method().name());
            }
            out.print(t.render());
            out.println();
            for (int i = 0; i < open.size(); i++) {
                Meter m = open.get(i);
                Double idle = idleWatts.get(m.id());
                out.printf(Locale.ROOT, " %s: TOTAL covers %s%s%n", m.id(), m.boundary(),
                        idle == null ? "; no idle baseline, so net = gross (use --idle-seconds S to subtract idle power)"
                                : String.format(Locale.ROOT, "; idle %.3f W subtracted for net", idle));
            }
            if (!results.isEmpty()) {
                out.printf(Locale.ROOT, "%n %.3f seconds elapsed%n", seconds(results.get(0).duration()));
            }
        }
        out.flush();
    }

    private static Map<String, Object> toJson(Meter m, Measurement r, Double idle) {
        Map<String, Object> o = new LinkedHashMap<>();
        double s = seconds(r.duration());
        o.put("meter", m.id());
        o.put("method", m.method().name());
        o.put("boundary", m.boundary());
        o.put("seconds", s);
        Map<String, Double> domains = new LinkedHashMap<>();
        r.byDomain().forEach((d, e) -> domains.put(d.name(), e.joules()));
        o.put("joules_by_domain", domains);
        o.put("joules_gross", r.total().joules());
        // without a baseline net is gross, and says so: idle_baseline "none", idle_watts null (not a 0 W idle)
        o.put("joules_net", idle == null ? r.total().joules() : IdleBaseline.net(r.total().joules(), idle, s));
        o.put("idle_baseline", idle == null ? "none" : "measured");
        o.put("idle_watts", idle);
        o.put("average_watts", r.averagePower().watts());
        o.put("details", m.details());
        return o;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String joules(double j) {
        return String.format(Locale.ROOT, "%.3f", j);
    }

    private static String watts(double w) {
        return String.format(Locale.ROOT, "%.3f", w);
    }
}
