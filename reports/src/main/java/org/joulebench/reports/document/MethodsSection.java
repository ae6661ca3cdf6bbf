package org.joulebench.reports.document;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.joulebench.harness.IdleBaseline;
import org.joulebench.harness.MeterInfo;
import org.joulebench.harness.PowerTrace;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.harness.TaskModelResult.Accuracy;
import org.joulebench.reports.Figures;

/**
 * "How these figures were obtained": each used meter's method and boundary (and, for an estimate,
 * its coefficients and sources) and which results' energy figures came from it, the idle
 * subtraction and drift, energy windows that were apportioned, the ATTRIBUTED CPU-time share, the
 * power timeline, what the confidence intervals rest on, and the definition of accuracy per kJ.
 */
final class MethodsSection {

    private MethodsSection() {
    }

    static final String TITLE = "How these figures were obtained";

    /** The section's blocks, below its title. */
    static List<Block> of(RunResult result) {
        List<Block> blocks = new ArrayList<>();
        meters(result.meters(), result.results(), blocks);
        blocks.add(new Block.Heading(3, "Idle subtraction"));
        blocks.add(new Block.Paragraph(idle(result.idle(), result.idleAfter())));
        windows(result.results(), blocks);
        attribution(result.results(), blocks);
        timeline(result.powerTrace(), blocks);
        generation(result.results(), blocks);
        metrics(result.results(), blocks);
        blocks.add(new Block.Heading(3, "Confidence intervals"));
        blocks.add(new Block.Paragraph("Each [lo, hi] is a 95% confidence interval of the mean. It reflects"
                + " variation between the samples named below, not the systematic uncertainty of the energy method."));
        blocks.add(new Block.Paragraph(Figures.INTERVAL_METHODS));
        blocks.add(new Block.Facts(bases(result.results())));
        blocks.addAll(ForksSection.of(result));
        blocks.add(new Block.Heading(3, "Accuracy per kJ"));
        blocks.add(new Block.Paragraph(Figures.ACCURACY_PER_KJ_DEFINITION));
        if (result.results().stream().anyMatch(r -> r.accuracy() == null || !Figures.higherIsBetter(r.accuracy()))) {
            blocks.add(new Block.Paragraph(Figures.ACCURACY_PER_KJ_NOT_APPLICABLE));
        }
        return blocks;
    }

    /**
     * The meters marked used, and any other the results name, each with the results whose energy
     * figures it gave; a meter id the results name but the meter list lacks is said to be undescribed.
     */
    private static void meters(List<MeterInfo> meters, List<TaskModelResult> results, List<Block> blocks) {
        Map<String, List<TaskModelResult>> byMeter = new LinkedHashMap<>();
        for (TaskModelResult r : results) {
            String id = r.energy() == null ? null : r.energy().meter();
            if (id != null && !id.isBlank()) {
                byMeter.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
            }
        }
        List<MeterInfo> described = meters.stream()
                .filter(m -> "used".equals(m.status()) || byMeter.containsKey(m.id())).toList();
        blocks.add(new Block.Heading(3, "Meters"));
        if (described.isEmpty()) {
            blocks.add(new Block.Paragraph("No meter is marked as used in this run."));
        }
        for (MeterInfo m : described) {
            blocks.add(new Block.Paragraph("Meter " + m.id() + ": method " + m.method() + ", domains "
                    + String.join(", ", m.domains()) + ", boundary: " + m.boundary() + "."
                    + (m.reason() == null ? "" : " " + m.reason())));
            if (!byMeter.isEmpty()) {
                blocks.add(new Block.Paragraph(coverage(m.id(), byMeter.get(m.id()), results.size())));
            }
            if (m.details().isEmpty()) {
                continue;
            }
            blocks.add(new Block.Paragraph("ESTIMATE".equals(m.method())
                    ? "Coefficients and sources of the estimate (meter " + m.id() + "):"
                    : "Details of meter " + m.id() + ":"));
            Map<String, String> flat = new LinkedHashMap<>();
            flatten("", m.details(), flat);
            blocks.add(new Block.Table(List.of(Block.Column.text("Key"), Block.Column.text("Value")),
                    flat.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue())).toList()));
        }
        Set<String> listed = new HashSet<>();
        meters.forEach(m -> listed.add(m.id()));
        byMeter.forEach((id, from) -> {
            if (!listed.contains(id)) {
                blocks.add(new Block.Paragraph("Meter " + id + " is not in the run's list of meters, so its method"
                        + " and boundary are only what the task tables show. " + coverage(id, from, results.size())));
            }
        });
    }

    /** Which results' energy figures came from meter {@code id}. */
    private static String coverage(String id, List<TaskModelResult> from, int total) {
        if (from == null || from.isEmpty()) {
            return "No energy figure in this run comes from meter " + id + ".";
        }
        if (from.size() == total) {
            return "Every energy figure in this run comes from meter " + id + ".";
        }
        return "Energy figures from meter " + id + ": " + from.stream()
                .map(r -> r.task() + " × " + r.model() + " (" + r.backend() + ")")
                .collect(Collectors.joining("; ")) + ".";
    }

    /** Nested maps become dotted keys, in the meter's own order. */
    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> into) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested && !nested.isEmpty()) {
                flatten(key + ".", nested, into);
            } else {
                into.put(key, Numbers.value(e.getValue()));
            }
        }
    }

    private static String idle(IdleBaseline idle, IdleBaseline after) {
        if (idle != null && !idle.measured()) {
            return "No idle baseline was measured (--idle-seconds 0), so nothing was subtracted: every net figure"
                    + " equals the gross one. (An A/B job, `joulebench ab`, measures idle power itself.)";
        }
        if (idle == null) {
            return "No idle baseline was recorded before the suite, so nothing was subtracted."
                    + (after == null ? "" : " After the suite, idle power was " + RunSection.idleFigures(after) + ".");
        }
        return "Before the suite, power with nothing running was measured for " + Numbers.fixed(idle.seconds(), 1)
                + " s: " + Numbers.sig(idle.watts()) + " W (" + Figures.methodLabel(idle) + ", boundary: " + idle.boundary()
                + "). Net energy is gross energy less this power times the duration of the same measured window."
                + " Net figures can fall below zero when a workload draws little more than idle and the meter is"
                + " noisy; accuracy per kJ is not given for them. " + after(idle, after);
    }

    private static String after(IdleBaseline before, IdleBaseline after) {
        if (after == null) {
            return "No baseline was measured after the suite, so whether idle power drifted during the run is not known.";
        }
        return "After the suite it was measured again for " + Numbers.fixed(after.seconds(), 1) + " s: "
                + Numbers.sig(after.watts()) + " W (" + Figures.methodLabel(after) + "), a drift of "
                + RunSection.drift(before, after).map(Numbers::signedPercent).orElse(Numbers.NA)
                + ". Only the baseline before the suite is subtracted; where idle power drifted (background load,"
                + " temperature), net figures carry that difference.";
    }

    /** How per-query energy was obtained where a query's own window was too short for the meter. */
    private static void windows(List<TaskModelResult> results, List<Block> blocks) {
        // The serving scenario's steady-state windows are described in its own section.
        List<TaskModelResult> other = results.stream().filter(r -> r.serving() == null)
                .filter(r -> TaskSection.otherWindow(r.energy())).toList();
        if (other.isEmpty()) {
            return;
        }
        blocks.add(new Block.Heading(3, "Energy windows"));
        StringBuilder text = new StringBuilder("Energy is measured in one window per query where the meter can"
                + " resolve it (window query). ");
        if (other.stream().anyMatch(r -> TaskSection.apportioned(r.energy()))) {
            text.append("A meter updates its reading only every so often; a query shorter than that update period"
                    + " cannot be measured on its own. For every pass (one model's queries in one repetition) that"
                    + " held such a query, the whole pass was measured in one window as well, and its energy was"
                    + " apportioned to the pass's queries in proportion to their duration (window pass, apportioned"
                    + " to queries by time; or query, some apportioned from their pass, where only some passes"
                    + " needed it). Totals, J/query and mJ/token are then measured pass energy divided by queries;"
                    + " a single query's energy, the queries.csv rows with energy = apportioned, is a time share of"
                    + " its pass window and never a measurement of that query. ");
        }
        text.append("Results with another window: ").append(other.stream()
                .map(r -> r.task() + " × " + r.model() + " (" + r.backend() + "): " + r.energy().window())
                .collect(Collectors.joining("; "))).append('.');
        blocks.add(new Block.Paragraph(text.toString()));
    }

    /** What an ATTRIBUTED figure is, and what its share rests on. */
    private static void attribution(List<TaskModelResult> results, List<Block> blocks) {
        Set<String> bases = new LinkedHashSet<>();
        boolean missing = false;
        boolean any = false;
        for (TaskModelResult r : results) {
            TaskModelResult.Attribution a = r.energy() == null ? null : r.energy().attribution();
            if (a == null) {
                missing = true;
            } else {
                any = true;
                if (a.basis() != null && !a.basis().isBlank()) {
                    bases.add(a.basis());
                }
            }
        }
        if (!any) {
            return;
        }
        blocks.add(new Block.Heading(3, "Attributed to this process"));
        blocks.add(new Block.Paragraph("Figures labelled ATTRIBUTED are not measurements. A meter measures a whole"
                + " domain (see its boundary), which includes every other process on the machine. The CPU-time share"
                + " is this process's CPU time divided by the CPU time of the whole machine over the measured passes;"
                + " the attributed gross and net energy are the measured gross and net energy times that share, and"
                + " attributed net J/query is attributed net energy divided by the queries. CPU time is a proxy: it"
                + " does not see memory traffic, accelerators or the difference between busy cores, so an ATTRIBUTED"
                + " figure is the part of the domain's energy this process's CPU use accounts for, not energy it"
                + " alone caused." + (missing ? " Where a result says not computed, the CPU times could not be read." : "")));
        if (!bases.isEmpty()) {
            blocks.add(new Block.Facts(List.of(new Block.Fact("Share basis", String.join("; ", bases)))));
        }
    }

    /** Where the power-over-time chart comes from, and how complete it is. */
    private static void timeline(PowerTrace trace, List<Block> blocks) {
        if (trace == null || trace.series().isEmpty()) {
            return;
        }
        long dropped = trace.series().stream().mapToLong(PowerTrace.Series::droppedPoints).sum();
        blocks.add(new Block.Heading(3, "Power timeline"));
        if (trace.series().stream().allMatch(s -> s.seconds().isEmpty())) {
            blocks.add(new Block.Paragraph("The run carries a power trace without a single point, so there is no"
                    + " power-over-time chart."));
            return;
        }
        blocks.add(new Block.Paragraph("A sampler read the meters every " + Numbers.value(trace.periodS())
                + " s in the background and turned successive readings into power, shown with the run's phases in"
                + " charts/power-timeline.png. It shows what the run drew when; the energy figures come from each window's"
                + " own meter readings, not from the timeline. Samples skipped because the sampler fell behind: "
                + trace.missedDeadlines() + "; oldest points dropped from the bounded buffer: " + dropped + "."));
    }

    /** What the generation figures are, where results carry them. */
    private static void generation(List<TaskModelResult> results, List<Block> blocks) {
        if (results.stream().noneMatch(r -> r.generation() != null)) {
            return;
        }
        blocks.add(new Block.Heading(3, "Generation: prefill and decode"));
        blocks.add(new Block.Paragraph("A generated response is measured in three windows: the whole response, prefill"
                + " (from the request to the first token: the engine reads the prompt) and decode (from the first token"
                + " to the last). Each is net of the idle baseline over its own duration. J/prompt token net is the"
                + " prefill windows' net energy divided by the prompt tokens as the engine counted them; J/generated"
                + " token net is the decode windows' net energy divided by the tokens generated; J/response net is the"
                + " response window's own net energy per response (not the sum of the other two). Decode tokens/s is"
                + " tokens generated per second of decode. TTFT is the time to the first token, TPOT the decode time per"
                + " output token after the first (responses of one token have none). Output tokens are the tokens"
                + " generated per response: minimum, median and maximum. Results are per task, model and engine: the"
                + " same model on two engines (java: the pure-Java engine; llamacpp; openai: an OpenAI-compatible server)"
                + " compares the engines, not the models. In the table of each task, tokens and J/token count prompt and generated"
                + " tokens together."));
    }

    /** Metrics where lower is better, and results without accuracy (random weights), where the run has them. */
    private static void metrics(List<TaskModelResult> results, List<Block> blocks) {
        Set<String> lower = new LinkedHashSet<>();
        results.stream().filter(r -> r.accuracy() != null && !Figures.higherIsBetter(r.accuracy()))
                .forEach(r -> lower.add(String.valueOf(r.accuracy().metric())));
        if (!lower.isEmpty()) {
            blocks.add(new Block.Heading(3, "Metrics where lower is better"));
            blocks.add(new Block.Paragraph("For " + String.join(", ", lower) + " lower values are better."
                    + (lower.contains("bits/char") ? " A bits/char value is not a proportion: it is the model's −log2"
                    + " probability of the scored text's tokens divided by its characters, averaged over items, and"
                    + " its interval is a t-interval over items." : "")
                    + " The Pareto frontier of such a metric is the lowest energy for a value at least that low."
                    + " Accuracy per kJ is not given for it (n/a; see Accuracy per kJ). A task that generative models"
                    + " score by log-likelihood generates nothing, so its chart against energy per token uses net J"
                    + " per token scored (context and continuation)."));
        }
        List<String> none = results.stream().filter(r -> r.accuracy() == null)
                .map(r -> r.task() + " × " + r.model() + " (" + r.backend() + ")").toList();
        if (!none.isEmpty()) {
            blocks.add(new Block.Heading(3, "Models with random weights"));
            blocks.add(new Block.Paragraph("Accuracy reads " + Figures.NO_ACCURACY + " where the model has random"
                    + " weights (synthetic models built to measure how energy and speed scale with a model's shape):"
                    + " its answers mean nothing, so it has no accuracy, no accuracy per kJ, no place in the accuracy"
                    + " charts or on a Pareto frontier; its energy and speed figures are measured like any other."
                    + " Results: " + String.join("; ", none) + "."));
        }
    }

    private static List<Block.Fact> bases(List<TaskModelResult> results) {
        List<Block.Fact> facts = new ArrayList<>();
        basis("J/query net", results, r -> r.energy() == null ? null : r.energy().jPerQuery(), facts);
        basis("J/token net", results, r -> r.energy() == null ? null : r.energy().jPerToken(), facts);
        basis("Tokens/s", results, r -> r.throughput() == null ? null : r.throughput().tokensPerS(), facts);
        basis("J/generated token net", results, r -> r.generation() == null ? null : r.generation().jPerGeneratedToken(),
                facts);
        basis("J/prompt token net", results, r -> r.generation() == null ? null : r.generation().jPerPromptToken(),
                facts);
        basis("J/response net", results, r -> r.generation() == null ? null : r.generation().jPerResponse(), facts);
        basis("Decode tokens/s", results, r -> r.generation() == null ? null : r.generation().decodeTokensPerS(),
                facts);
        accuracyBasis(results, facts);
        return facts;
    }

    /** What the accuracy intervals rest on; results read from older files may not record it. */
    private static void accuracyBasis(List<TaskModelResult> results, List<Block.Fact> facts) {
        Set<String> bases = new LinkedHashSet<>();
        boolean unrecorded = false;
        for (TaskModelResult r : results) {
            Accuracy a = r.accuracy();
            if (a == null) {
                continue;
            }
            if (a.basis() == null || a.basis().isBlank()) {
                unrecorded = true;
            } else {
                bases.add(a.basis() + " (n = " + a.n() + ")");
            }
        }
        if (bases.isEmpty() && !unrecorded) {
            return;
        }
        String value = bases.isEmpty() ? "the interval the harness reports for the task's metric"
                + " (its basis is not recorded in the result)"
                : "over " + String.join("; ", bases)
                + (bases.stream().anyMatch(b -> b.startsWith("items ")) ? ", each item's score averaged over repetitions"
                        : "")
                + (unrecorded ? "; some results do not record their basis" : "");
        facts.add(new Block.Fact("Accuracy", value));
    }

    private static void basis(String figure, List<TaskModelResult> results, Function<TaskModelResult, Stat> stat,
                              List<Block.Fact> facts) {
        Set<String> bases = new LinkedHashSet<>();
        for (TaskModelResult r : results) {
            Stat s = stat.apply(r);
            if (s != null) {
                bases.add(s.basis() + " (n = " + s.n() + ")");
            }
        }
        if (!bases.isEmpty()) {
            facts.add(new Block.Fact(figure, "over " + String.join("; ", bases)));
        }
    }
}
