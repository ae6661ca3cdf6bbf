package org.joulebench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.joulebench.ci.AbExperiment;
import org.joulebench.ci.AbJUnit;
import org.joulebench.ci.AbMarkdown;
import org.joulebench.ci.AbMeter;
import org.joulebench.ci.AbReport;
import org.joulebench.ci.AbRow;
import org.joulebench.ci.AbSettings;
import org.joulebench.ci.CommandFailedException;
import org.joulebench.ci.CommandRuns;
import org.joulebench.ci.GatePolicy;
import org.joulebench.harness.InputException;
import org.joulebench.harness.PairedRatio;
import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.RunFailedException;
import org.joulebench.meters.CpuClock;
import org.joulebench.meters.Meter;
import org.joulebench.meters.Meters;
import org.joulebench.meters.Ticker;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A/B of two commands in one job, hyperfine's interface with energy and a gate: rounds of A once and B once in a
 * seeded random order, the round as the unit of evidence, a verdict per metric.
 */
@Command(name = "ab", mixinStandardHelpOptions = true,
        description = {"Compare two commands in one job: rounds of A (baseline) and B (candidate) in a seeded random "
                + "order, energy and wall time per run, B/A per round, and a verdict per metric.",
                "Exit status: 0 no regression, 1 regression, 2 bad input or a command that failed, 130 interrupted "
                        + "(the rounds so far are written and summarised as partial)."},
        footer = {"Example: joulebench ab --rounds 30 --markdown ab.md 'base/bench.sh' 'head/bench.sh'",
                "Commands run with sh -c; their stdout is discarded (--show-output to see it). When a command is "
                        + "`joulebench run …`, give it --idle-seconds small: ab's --idle-seconds applies to both."})
final class AbCommand implements Callable<Integer> {

    /** The exit status of a comparison cut short by SIGINT, as a shell reports a command ended by it. */
    static final int INTERRUPTED = 130;

    @Parameters(index = "0", paramLabel = "CMD_A", description = "the baseline command (run with sh -c)")
    String commandA;

    @Parameters(index = "1", paramLabel = "CMD_B", description = "the candidate command")
    String commandB;

    @Option(names = "--rounds", paramLabel = "N", description = "rounds, each running A and B once (default: "
            + "${DEFAULT-VALUE}; at least " + AbSettings.MIN_ROUNDS + ")")
    int rounds = 30;

    @Option(names = "--min-rounds", paramLabel = "N", description = "stop early once every verdict is settled, but "
            + "not before N rounds (default: off, all --rounds run)")
    Integer minRounds;

    @Option(names = "--warmup", paramLabel = "N", description = "rounds run first and not recorded (default: ${DEFAULT-VALUE})")
    int warmup = 1;

    @Option(names = "--prepare", paramLabel = "CMD", description = "a command run before every run, not measured "
            + "(e.g. to clear a cache)")
    String prepare;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the order within rounds (default: random, recorded)")
    Long seed;

    @Option(names = "--meter", split = ",", paramLabel = "ID", description = "meters, comma-separated: auto (the best "
            + "CPU meter plus every GPU meter that works), or ids from `joulebench meters` (default: auto)")
    List<String> meters = new ArrayList<>(List.of(Meters.AUTO));

    @Option(names = "--idle-seconds", paramLabel = "S", description = "measure idle power this long first and judge "
            + "net energy (default: ${DEFAULT-VALUE}, gross energy)")
    double idleSeconds = 0;

    @Mixin
    GateOptions gate = new GateOptions();

    @Option(names = "--json", paramLabel = "FILE", description = "write every run and the figures as JSON")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "write a Markdown summary for a pull-request comment")
    Path markdown;

    @Option(names = "--junit", paramLabel = "FILE", description = "write JUnit XML, one test case per judged metric")
    Path junit;

    @Option(names = "--overwrite", description = "replace the --json, --markdown and --junit files if it exists (without it, an existing file is refused)")
    boolean overwrite;

    @Option(names = "--show-output", description = "let the commands write to this terminal")
    boolean showOutput;

    @Mixin
    MeterOptions meterOptions = new MeterOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException, RunFailedException, IOException {
        AbSettings settings = settings();
        if (!(idleSeconds >= 0 && idleSeconds <= 3600)) {
            throw new InputException("--idle-seconds must lie between 0 and 3600, was " + idleSeconds,
                    "give 0 to judge gross energy");
        }
        OutputFiles.checkWritable(json, "--json", overwrite);
        OutputFiles.checkWritable(markdown, "--markdown", overwrite);
        OutputFiles.checkWritable(junit, "--junit", overwrite);
        if (commandA.isBlank() || commandB.isBlank()) {
            throw new InputException("a command is empty", "give two commands, each as one quoted string");
        }
        var err = spec.commandLine().getErr();
        if (commandA.equals(commandB)) {
            err.println("joulebench: warning: A and B are the same command: an A/A check");
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("joulebench-ab");
        } catch (IOException e) {
            throw new InputException("cannot make a scratch folder for the commands' stderr: " + e.getMessage(),
                    "free space in the temporary folder, or point java.io.tmpdir elsewhere (JOULEBENCH_JAVA_OPTS)");
        }
        List<Meter> open;
        try {
            open = OpenMeters.open(meters, meterOptions.config());
        } catch (InputException e) {
            OutputFiles.deleteTree(scratch);
            throw e;
        }
        try {
            Map<String, Double> idle = OpenMeters.idleWatts(open, idleSeconds);
            List<AbMeter> described = open.stream().map(m -> new AbMeter(m.id(), m.method().name(), m.boundary(),
                    idle.get(m.id()))).toList();
            CommandRuns runs = CommandRuns.shell(open, Ticker.system(), CpuClock.endedChildren(), prepare, showOutput,
                    scratch);
            AbReport report;
            try (Interrupts ignored = Interrupts.forwardTo(runs::interrupt)) {
                report = AbExperiment.run(commandA, commandB, settings, described, runs, TerminalProgress.forConsole());
            } catch (CommandFailedException e) {
                throw new InputException(e.getMessage(), "no figures are computed from a failed run; fix the command "
                        + "(run it alone to see its output, or add --show-output)");
            }
            write(report);
            print(report);
            if (report.partial()) {
                return INTERRUPTED;
            }
            return report.passed() ? 0 : CompareCommand.REGRESSION;
        } finally {
            open.forEach(Meter::close);
            OutputFiles.deleteTree(scratch);
        }
    }

    private AbSettings settings() throws InputException {
        try {
            return new AbSettings(rounds, minRounds == null ? rounds : minRounds, warmup,
                    seed == null ? new java.security.SecureRandom().nextLong() >>> 1 : seed, gate.alpha, 0.8,
                    new GatePolicy(gate.maxRegression(), 0.01));
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), "see `joulebench ab --help`");
        }
    }

    private void write(AbReport report) throws InputException {
        if (json != null) {
            try {
                OutputFiles.write(json, ResultCodec.mapper().writeValueAsString(report), "--json");
            } catch (IOException e) {
                throw new InputException("cannot write --json " + json + ": " + e.getMessage(),
                        "give a file in a writable folder with free space");
            }
        }
        if (markdown != null) {
            OutputFiles.write(markdown, AbMarkdown.render(report), "--markdown");
        }
        if (junit != null) {
            OutputFiles.write(junit, AbJUnit.render(report), "--junit");
        }
    }

    private void print(AbReport report) {
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%nA: %s%nB: %s%n%d rounds (seed %d): %s%n", report.commandA(), report.commandB(),
                report.rounds(), report.settings().seed(), report.stopReason());
        report.meters().forEach(m -> out.printf(Locale.ROOT, "meter %s (%s): %s%s%n", m.id(), m.method(), m.boundary(),
                m.idleWatts() == null ? "; gross energy" : String.format(Locale.ROOT,
                        "; idle %.3f W subtracted for net energy", m.idleWatts())));
        if (!report.rows().isEmpty()) {
            Table t = new Table("metric", "A median", "B median", "B/A [95% CI]", "p", "verdict");
            for (AbRow r : report.rows()) {
                PairedRatio p = r.ratio();
                t.row(r.label(), value(p.baseline(), r.unit()), value(p.current(), r.unit()),
                        String.format(Locale.ROOT, "%s [%s, %s]", ratio(p.ratio()), ratio(p.ratioCi95().get(0)),
                                ratio(p.ratioCi95().get(1))),
                        String.format(Locale.ROOT, "%.2g", p.pValue()), r.summary());
            }
            out.println();
            out.print(t.render());
            report.rows().stream().filter(r -> r.metric().equals("wall_time")).findFirst()
                    .ifPresent(r -> out.println(headline(r.ratio())));
        }
        report.warnings().forEach(w -> out.println("warning: " + w));
        List<AbRow> regressions = report.regressions();
        if (report.partial()) {
            out.println("partial: interrupted; the figures above rest on the completed rounds only");
        } else if (report.rows().isEmpty()) {
            out.println("no verdict");
        } else if (regressions.isEmpty()) {
            out.println("no regression");
        } else {
            out.println(regressions.size() + (regressions.size() == 1 ? " regression:" : " regressions:"));
            regressions.forEach(r -> out.println("  " + r.label() + ": " + r.reason()));
        }
        out.flush();
    }

    /** hyperfine's sentence: "B ran 1.083 [1.071, 1.095] times slower than A". */
    static String headline(PairedRatio wall) {
        double r = wall.ratio();
        if (!Double.isFinite(r)) {
            return "B/A of wall time: no ratio";
        }
        boolean slower = r >= 1;
        double lo = slower ? wall.ratioCi95().get(0) : 1 / wall.ratioCi95().get(1);
        double hi = slower ? wall.ratioCi95().get(1) : 1 / wall.ratioCi95().get(0);
        return String.format(Locale.ROOT, "B ran %.3f [%.3f, %.3f] times %s than A", slower ? r : 1 / r, lo, hi,
                slower ? "slower" : "faster");
    }

    private static String value(double v, String unit) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g %s", v, unit) : "n/a";
    }

    private static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
    }
}
