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
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.harness.TaskModelResult.Accuracy;
import org.joulebench.reports.Figures;

/**
 * "How these figures were obtained": each used meter's method and boundary (and, for an estimate,
 * its coefficients and sources) and which results' energy figures came from it, the idle
 * subtraction, what the confidence intervals rest on, and the definition of accuracy per kJ.
 */
final class MethodsSection {

    private MethodsSection() {
    }

    static List<Block> of(RunResult result) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(2, "How these figures were obtained"));
        meters(result.meters(), result.results(), blocks);
        blocks.add(new Block.Heading(3, "Idle subtraction"));
        blocks.add(new Block.Paragraph(idle(result.idle())));
        blocks.add(new Block.Heading(3, "Confidence intervals"));
        blocks.add(new Block.Paragraph("Each [lo, hi] is a 95% confidence interval of the mean. It reflects"
                + " variation between the samples named below, not the systematic uncertainty of the energy method."));
        blocks.add(new Block.Facts(bases(result.results())));
        blocks.add(new Block.Heading(3, "Accuracy per kJ"));
        blocks.add(new Block.Paragraph(Figures.ACCURACY_PER_KJ_DEFINITION));
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

    private static String idle(IdleBaseline idle) {
        if (idle == null) {
            return "No idle baseline was recorded, so nothing was subtracted.";
        }
        return "Before the suite, power with nothing running was measured for " + Numbers.fixed(idle.seconds(), 1)
                + " s: " + Numbers.sig(idle.watts()) + " W (" + Figures.methodLabel(idle) + ", boundary: " + idle.boundary()
                + "). Net energy is gross energy less this power times the duration of the same measured window."
                + " Net figures can fall below zero when a workload draws little more than idle and the meter is"
                + " noisy; accuracy per kJ is not given for them.";
    }

    private static List<Block.Fact> bases(List<TaskModelResult> results) {
        List<Block.Fact> facts = new ArrayList<>();
        basis("J/query net", results, r -> r.energy() == null ? null : r.energy().jPerQuery(), facts);
        basis("J/token net", results, r -> r.energy() == null ? null : r.energy().jPerToken(), facts);
        basis("Tokens/s", results, r -> r.throughput() == null ? null : r.throughput().tokensPerS(), facts);
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
