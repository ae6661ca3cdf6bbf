package org.joulebench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.joulebench.ci.Gate;
import org.joulebench.ci.GateJUnit;
import org.joulebench.ci.GateMarkdown;
import org.joulebench.ci.GatePolicy;
import org.joulebench.ci.GateReport;
import org.joulebench.ci.GateRow;
import org.joulebench.ci.MachineChange;
import org.joulebench.harness.CanaryDrift;
import org.joulebench.harness.Comparability;
import org.joulebench.harness.Comparison;
import org.joulebench.harness.ComparisonSettings;
import org.joulebench.harness.Comparisons;
import org.joulebench.harness.InputException;
import org.joulebench.harness.Metric;
import org.joulebench.harness.ResultFolder;
import org.joulebench.harness.RowComparison;
import org.joulebench.harness.RunResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two result folders row by row (task × model × backend) and fail on a regression;",
                "or, with --baseline and --current, two rows of one result folder (a within-run A/B: the rows ran "
                        + "interleaved in the same passes).",
                "Exit status: 0 no regression, 1 regression, 2 unusable input (the reason on stderr)."})
final class CompareCommand implements Callable<Integer> {

    static final int REGRESSION = 1;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "result folder of the baseline run (results.json + queries.csv); "
            + "with --baseline/--current, the one run whose rows are compared")
    Path baseline;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CURRENT", description = "result folder of the run to check")
    Path current;

    @Option(names = "--baseline", paramLabel = "ID[@BACKEND]", description = "within one run: the baseline row, a "
            + "model id (and its backend or engine where it ran on several), e.g. all-minilm-l6-v2 or kjv-small@java")
    String baselineRow;

    @Option(names = "--current", paramLabel = "ID[@BACKEND]", description = "within one run: the row to check, e.g. "
            + "all-minilm-l6-v2-q or all-minilm-l6-v2#2 (the same model named twice in `run --models`)")
    String currentRow;

    @picocli.CommandLine.Mixin
    GateOptions gate = new GateOptions();

    @Option(names = "--min-accuracy-delta", paramLabel = "D", description = "largest drop of the task metric that is "
            + "not a regression, in its unit: 0.01 = one point of accuracy (default: ${DEFAULT-VALUE})")
    double minAccuracyDelta = 0.01;

    @Option(names = "--metric", split = ",", paramLabel = "ID", description = "metrics to compare: j_per_query, "
            + "j_per_token, tokens_per_s, accuracy ('-' for '_' also works; j_per_generated_token is kept per result "
            + "only: see `history trend`) (default: all four)")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--resamples", paramLabel = "N", description = "bootstrap resamples per row and metric (default: ${DEFAULT-VALUE})")
    int resamples = 2000;

    @Option(names = "--seed", paramLabel = "N", description = "bootstrap seed (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--markdown", paramLabel = "FILE", description = "write a Markdown table for a pull-request comment")
    Path markdown;

    @Option(names = "--junit", paramLabel = "FILE", description = "write JUnit XML, one test case per row and metric")
    Path junit;

    @Option(names = "--overwrite", description = "replace the --markdown and --junit files if it exists (without it, an existing file is refused)")
    boolean overwrite;

    @Option(names = "--allow-different-host", description = "compare runs of different machines (hardware "
            + "comparisons); also allows a different meter boundary")
    boolean allowHost;

    @Option(names = "--allow-different-method", description = "compare figures of different meter methods "
            + "(e.g. COUNTER against ESTIMATE)")
    boolean allowMethod;

    @Option(names = "--allow-different-models", description = "compare runs whose models' checksums differ or are not recorded")
    boolean allowModels;

    @Option(names = "--allow-different-suite", description = "compare runs of different suite versions")
    boolean allowSuite;

    @Option(names = "--allow-machine-change", description = "compare runs whose drift canaries moved by more than "
            + "--max-regression (the machine changed under them); regressions and improvements are then shown as "
            + "inconclusive")
    boolean allowMachineChange;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException, IOException {
        GatePolicy policy;
        ComparisonSettings settings;
        try {
            policy = new GatePolicy(gate.maxRegression(), minAccuracyDelta);
            settings = new ComparisonSettings(metrics(), gate.alpha, 0.8, resamples, seed);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), "see `joulebench compare --help`");
        }
        OutputFiles.checkWritable(markdown, "--markdown", overwrite);
        OutputFiles.checkWritable(junit, "--junit", overwrite);
        RunResult base = ResultFolder.read(baseline);
        Comparison comparison;
        String baseName;
        String curName;
        String canary = null;
        java.util.Optional<CanaryDrift.KernelRatio> machineChanged = java.util.Optional.empty();
        if (baselineRow != null || currentRow != null) {
            if (baselineRow == null || currentRow == null || current != null) {
                throw new InputException("a within-run comparison takes one result folder, --baseline and --current",
                        "e.g. `joulebench compare out/RUN --baseline all-minilm-l6-v2 --current all-minilm-l6-v2-q`");
            }
            try {
                comparison = Comparisons.compareRows(base, baselineRow, currentRow, settings);
            } catch (IllegalArgumentException e) {
                throw new InputException(e.getMessage(), "name rows of this run as ID or ID@BACKEND");
            }
            baseName = runId(base, baseline) + " " + baselineRow;
            curName = runId(base, baseline) + " " + currentRow;
        } else {
            if (current == null) {
                throw new InputException("compare needs two result folders, or one with --baseline and --current",
                        "see `joulebench compare --help`");
            }
            RunResult cur = ResultFolder.read(current);
            refuseMismatches(base, cur);
            // Two runs taken apart: whether the machine itself changed between them (one run's rows share it).
            CanaryDrift drift = CanaryDrift.between(base, cur);
            machineChanged = CanaryCheck.check(drift, policy.maxRegression(), allowMachineChange);
            canary = (drift instanceof CanaryDrift.Unchecked ? "warning: " : "")
                    + MachineChange.summary(drift, policy.maxRegression());
            comparison = Comparisons.compare(base, cur, settings);
            baseName = runId(base, baseline);
            curName = runId(cur, current);
        }
        if (comparison.rows().isEmpty()) {
            throw new InputException("nothing to compare: no task × model × backend has usable values on both sides"
                    + (comparison.unmatched().isEmpty() ? "" : " (" + String.join("; ", comparison.unmatched()) + ")"),
                    "compare runs of the same suite and models");
        }
        GateReport report = Gate.evaluate(comparison, policy);
        if (machineChanged.isPresent()) {
            report = MachineChange.inconclusive(report, machineChanged.get());
        }
        if (markdown != null) {
            OutputFiles.write(markdown, GateMarkdown.render(report, baseName, curName)
                    + (canary == null ? "" : "\n" + canary + "\n"), "--markdown");
        }
        if (junit != null) {
            OutputFiles.write(junit, GateJUnit.render(report), "--junit");
        }
        if (canary != null) {
            spec.commandLine().getOut().println(canary);
        }
        print(report, baseName, curName);
        return report.passed() ? 0 : REGRESSION;
    }

    private List<Metric> metrics() throws InputException {
        if (metrics.isEmpty()) {
            return Metric.perItemMetrics();
        }
        Set<Metric> out = new LinkedHashSet<>();
        for (String id : metrics) {
            Metric m = Metric.byId(id);
            if (!m.perItem()) {
                throw new InputException("compare pairs the two runs item by item, and " + m.id() + " is kept per "
                        + "result only (a generation's decode is not metered per query)",
                        "compare one of " + Metric.perItemIds() + ", or follow " + m.id() + " over runs with "
                        + "`joulebench history trend --metric " + m.id() + "`");
            }
            out.add(m);
        }
        return List.copyOf(out);
    }

    private void refuseMismatches(RunResult base, RunResult cur) throws InputException {
        Set<Comparability.Kind> allowed = EnumSet.noneOf(Comparability.Kind.class);
        if (allowHost) {
            allowed.add(Comparability.Kind.HOST);
            allowed.add(Comparability.Kind.BOUNDARY);
        }
        if (allowMethod) {
            allowed.add(Comparability.Kind.METHOD);
        }
        if (allowModels) {
            allowed.add(Comparability.Kind.MODELS);
        }
        if (allowSuite) {
            allowed.add(Comparability.Kind.SUITE);
        }
        List<Comparability.Mismatch> refused = Comparability.check(base, cur).stream()
                .filter(m -> !allowed.contains(m.kind())).toList();
        if (!refused.isEmpty()) {
            String flags = refused.stream().map(m -> flag(m.kind())).distinct().collect(Collectors.joining(", "));
            throw new InputException("the runs are not comparable: "
                    + refused.stream().map(Comparability.Mismatch::reason).collect(Collectors.joining("; ")),
                    "compare runs measured the same way on the same suite, models and machine, or allow the difference with "
                            + flags);
        }
    }

    private static String flag(Comparability.Kind kind) {
        return switch (kind) {
            case HOST, BOUNDARY -> "--allow-different-host";
            case METHOD -> "--allow-different-method";
            case MODELS -> "--allow-different-models";
            case SUITE -> "--allow-different-suite";
        };
    }

    private static String runId(RunResult r, Path folder) {
        return r.run() != null && r.run().id() != null ? r.run().id() : String.valueOf(folder.getFileName());
    }

    private void print(GateReport report, String baseName, String curName) {
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "baseline %s, current %s: allowed %s worse (energy, speed), %s (accuracy); α = %s%n",
                baseName, curName, pct(report.policy().maxRegression()), report.policy().minAccuracyDelta(),
                report.comparison().settings().alpha());
        Table t = new Table("task", "model", "backend", "metric", "baseline", "current", "ratio [95% CI]", "p",
                "verdict");
        for (GateRow r : report.rows()) {
            RowComparison c = r.comparison();
            t.row(c.task(), c.model(), c.backend(), c.metric().id(), num(c.baseline()), num(c.current()),
                    String.format(Locale.ROOT, "%s [%s, %s]", ratio(c.ratio()), ratio(c.ratioCi95().get(0)),
                            ratio(c.ratioCi95().get(1))),
                    String.format(Locale.ROOT, "%.2g", c.pValue()), r.summary());
        }
        out.print(t.render());
        report.comparison().unmatched().forEach(u -> out.println("not compared: " + u));
        report.comparison().rows().stream().map(RowComparison::note).filter(n -> n != null).distinct()
                .forEach(n -> out.println("note: " + n));
        List<GateRow> regressions = report.regressions();
        if (regressions.isEmpty()) {
            int skipped = report.comparison().unmatched().size();
            out.println(skipped == 0 ? "no regression" : "no regression among the rows compared (" + skipped
                    + " not compared: see above)");
        } else {
            out.println(regressions.size() + (regressions.size() == 1 ? " regression:" : " regressions:"));
            for (GateRow r : regressions) {
                out.println("  " + r.comparison().row() + " " + r.comparison().metric().id() + ": " + r.reason());
            }
        }
        out.flush();
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f%%", f * 100);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "n/a";
    }

    private static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
    }
}
