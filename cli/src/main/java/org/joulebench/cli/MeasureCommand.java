package org.joulebench.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

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
        description = "Run a command and print the energy it took, per meter and domain (gross, net, method, boundary).",
        footer = "Example: joulebench measure --meter rapl --idle-seconds 5 -- python3 train.py")
final class MeasureCommand implements Callable<Integer> {

    /** The shell's status for a command that could not be started. */
    static final int COMMAND_NOT_RUN = 127;

    @Option(names = "--meter", split = ",", paramLabel = "ID",
            description = "meters, comma-separated: auto (the best CPU meter plus every GPU meter that works), "
                    + "or ids from `joulebench meters` (default: auto)")
    List<String> meters = new ArrayList<>(List.of(Meters.AUTO));

    @Option(names = "--idle-seconds", paramLabel = "S",
            description = "measure idle power this long first and report net energy too (default: 0, gross only)")
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
        if (idleSeconds < 0) {
            throw new InputException("--idle-seconds must be >= 0, was " + idleSeconds, "give 0 for gross energy only");
        }
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
            return status;
        } catch (MeterReadException e) {
            throw new RunFailedException("a meter failed while the command ran: " + e.getMessage(), e);
        } finally {
            open.forEach(Meter::close);
        }
    }

    private int runCommand() throws InputException {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            spec.commandLine().getErr().println("joulebench: cannot run '" + command.get(0) + "': " + e.getMessage());
            return COMMAND_NOT_RUN;
        }
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                p.destroy();
                Thread.currentThread().interrupt();
            }
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
                        idle == null ? "n/a" : joules(r.total().joules() - idle * s),
                        watts(r.averagePower().watts()), m.method().name());
            }
            out.print(t.render());
            out.println();
            for (int i = 0; i < open.size(); i++) {
                Meter m = open.get(i);
                Double idle = idleWatts.get(m.id());
                out.printf(Locale.ROOT, " %s: TOTAL covers %s%s%n", m.id(), m.boundary(),
                        idle == null ? "; no idle baseline (use --idle-seconds S for net energy)"
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
        o.put("joules_net", idle == null ? null : r.total().joules() - idle * s);
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
