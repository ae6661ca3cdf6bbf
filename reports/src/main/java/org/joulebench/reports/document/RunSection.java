package org.joulebench.reports.document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.joulebench.harness.HostInfo;
import org.joulebench.harness.IdleBaseline;
import org.joulebench.harness.MeterInfo;
import org.joulebench.harness.RunInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.Figures;

/**
 * Title, the run's warnings, the estimate note, and what the run was: its settings, host, meters and
 * idle baselines before and after the suite.
 */
final class RunSection {

    private RunSection() {
    }

    /** The title, and for an interrupted run the banner that says so: what stands above the summary. */
    static List<Block> head(RunResult result) {
        List<Block> blocks = new ArrayList<>();
        RunInfo run = result.run();
        blocks.add(new Block.Heading(1, "Joulebench report: run " + (run == null ? "without id" : run.id())
                + (result.isComplete() ? "" : " (partial: interrupted)")));
        if (!result.isComplete()) {
            blocks.add(new Block.Warnings(List.of("This run was interrupted: its figures cover only the queries"
                    + " measured before it stopped (`joulebench run --resume` finishes it).")));
        }
        return blocks;
    }

    /** The run's warnings, the estimate note and how to read the figures: below the summary. */
    static List<Block> notes(RunResult result) {
        List<Block> blocks = new ArrayList<>();
        if (!result.warnings().isEmpty()) {
            blocks.add(new Block.Warnings(result.warnings()));
        }
        estimateNote(result).ifPresent(blocks::add);
        blocks.add(new Block.Paragraph("Figures are means; [lo, hi] after a figure is its 95% confidence interval."
                + " Energy is net of the idle baseline unless a column says gross. Section \"How these figures were"
                + " obtained\" gives the methods."));
        return blocks;
    }

    /** What the run was: its settings, host, meters and idle baselines before and after the suite. */
    static Block details(RunResult result) {
        List<Block> blocks = new ArrayList<>();
        RunInfo run = result.run();
        if (run != null) {
            blocks.add(new Block.Heading(3, "Run"));
            blocks.add(new Block.Facts(runFacts(run)));
        }
        if (result.host() != null) {
            blocks.add(new Block.Heading(3, "Host"));
            blocks.add(new Block.Facts(hostFacts(result.host())));
        }
        blocks.add(new Block.Heading(3, "Meters"));
        blocks.add(meters(result.meters()));
        blocks.add(new Block.Heading(3, "Idle baseline"));
        blocks.add(idle(result.idle(), result.idleAfter()));
        return new Block.Details(2, "Run, host, meters and idle baseline", blocks);
    }

    private static Optional<Block> estimateNote(RunResult result) {
        Set<String> labels = new LinkedHashSet<>();
        for (TaskModelResult r : result.results()) {
            if (r.energy() != null && "ESTIMATE".equals(r.energy().method())) {
                labels.add(Figures.methodLabel(r.energy()));
            }
        }
        for (IdleBaseline idle : Arrays.asList(result.idle(), result.idleAfter())) {
            if (idle != null && "ESTIMATE".equals(idle.method())) {
                labels.add(Figures.methodLabel(idle));
            }
        }
        if (labels.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Block.Note("Energy figures labelled " + String.join(" / ", labels)
                + " are computed from a model, not measured by an energy counter. A ±percentage after ESTIMATE is"
                + " the method's own systematic uncertainty; the 95% confidence intervals do not include it."));
    }

    private static List<Block.Fact> runFacts(RunInfo run) {
        List<Block.Fact> facts = new ArrayList<>();
        facts.add(new Block.Fact("Run id", run.id()));
        if (run.start() != null) {
            facts.add(new Block.Fact("Started", run.start().toString()));
        }
        if (run.end() != null) {
            facts.add(new Block.Fact("Ended", run.end().toString()));
        }
        if (run.start() != null && run.end() != null) {
            facts.add(new Block.Fact("Duration", Numbers.fixed(
                    Duration.between(run.start(), run.end()).toMillis() / 1000.0, 1) + " s"));
        }
        facts.add(new Block.Fact("Joulebench version", run.version()));
        if (run.suite() != null) {
            facts.add(new Block.Fact("Suite", run.suite().name() + " " + run.suite().version()
                    + " (sha256 " + run.suite().sha256() + ")"));
        }
        facts.add(new Block.Fact("Seed", Long.toString(run.seed())));
        facts.add(new Block.Fact("Command", run.command()));
        if (run.settings() != null && !run.settings().isEmpty()) {
            facts.add(new Block.Fact("Settings", run.settings().entrySet().stream()
                    .map(e -> e.getKey() + " = " + Numbers.value(e.getValue())).collect(Collectors.joining(", "))));
        }
        return facts;
    }

    static List<Block.Fact> hostFacts(HostInfo h) {
        return List.of(
                new Block.Fact("Hostname", h.hostname()),
                new Block.Fact("CPU", known(h.cpuVendor()) + " " + known(h.cpuModel()) + " ("
                        + known(h.microarchitecture()) + ")"),
                new Block.Fact("Cores", h.physicalCores() + " physical, " + h.logicalCpus() + " logical"),
                new Block.Fact("Memory", Numbers.gibibytes(h.memoryBytes())),
                new Block.Fact("OS", known(h.os()) + ", kernel " + known(h.kernel())),
                new Block.Fact("JVM", h.jvm()),
                new Block.Fact("GPUs", h.gpus().isEmpty() ? "none found" : String.join("; ", h.gpus())),
                new Block.Fact("Virtualisation", h.virtualisation()));
    }

    private static String known(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }

    static Block meters(List<MeterInfo> meters) {
        if (meters.isEmpty()) {
            return new Block.Paragraph("The run lists no meters.");
        }
        List<List<String>> rows = new ArrayList<>();
        for (MeterInfo m : meters) {
            String reason = Objects.requireNonNullElse(m.reason(), "");
            if (m.fix() != null && !m.fix().isBlank()) {
                reason = reason + (reason.isEmpty() ? "" : "; ") + "fix: " + m.fix();
            }
            rows.add(Arrays.asList(m.id(), m.status(), m.method(), String.join(", ", m.domains()),
                    Objects.requireNonNullElse(m.boundary(), ""), reason));
        }
        return new Block.Table(List.of(Block.Column.text("Meter"), Block.Column.text("Status"),
                Block.Column.text("Method"), Block.Column.text("Domains"), Block.Column.text("Boundary"),
                Block.Column.text("Reason / fix")), rows);
    }

    private static Block idle(IdleBaseline before, IdleBaseline after) {
        if (before == null && after == null) {
            return new Block.Paragraph("No idle baseline was recorded for this run.");
        }
        List<Block.Fact> facts = new ArrayList<>();
        facts.add(new Block.Fact("Idle power before the suite", before == null ? "not measured" : idleFigures(before)));
        facts.add(new Block.Fact("Idle power after the suite", after == null ? "not measured" : idleFigures(after)));
        drift(before, after).ifPresent(d -> facts.add(new Block.Fact("Idle drift, after vs before",
                Numbers.signedPercent(d) + " (net figures subtract the baseline measured before the suite)")));
        String b = before == null ? null : before.boundary();
        String a = after == null ? null : after.boundary();
        facts.add(new Block.Fact("Boundary", before == null ? a : after == null || Objects.equals(a, b) ? b
                : "before: " + b + "; after: " + a));
        return new Block.Facts(facts);
    }

    /** {@code 3.250 W over 5.0 s = 16.25 J (ESTIMATE ±50%)}. */
    static String idleFigures(IdleBaseline idle) {
        if (!idle.measured()) {
            return "not measured (--idle-seconds 0): net figures equal gross";
        }
        return Numbers.sig(idle.watts()) + " W over " + Numbers.fixed(idle.seconds(), 1) + " s = "
                + Numbers.sig(idle.joules()) + " J (" + Figures.methodLabel(idle) + ")";
    }

    /** {@link IdleBaseline#driftTo}: (after − before) / before of idle power, where that is a figure. */
    static Optional<Double> drift(IdleBaseline before, IdleBaseline after) {
        return before == null ? Optional.empty() : before.driftTo(after);
    }
}
