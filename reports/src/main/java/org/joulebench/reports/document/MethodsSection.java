package org.joulebench.reports.document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.joulebench.harness.IdleBaseline;
import org.joulebench.harness.MeterInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.Figures;

/**
 * "How these figures were obtained": each used meter's method and boundary (and, for an estimate,
 * its coefficients and sources), the idle subtraction, what the confidence intervals rest on, and
 * the definition of accuracy per kJ.
 */
final class MethodsSection {

    private MethodsSection() {
    }

    static List<Block> of(RunResult result) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(2, "How these figures were obtained"));
        meters(result.meters(), blocks);
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

    private static void meters(List<MeterInfo> meters, List<Block> blocks) {
        List<MeterInfo> used = meters.stream().filter(m -> "used".equals(m.status())).toList();
        blocks.add(new Block.Heading(3, "Meters"));
        if (used.isEmpty()) {
            blocks.add(new Block.Paragraph("No meter is marked as used in this run."));
            return;
        }
        for (MeterInfo m : used) {
            blocks.add(new Block.Paragraph("Meter " + m.id() + ": method " + m.method() + ", domains "
                    + String.join(", ", m.domains()) + ", boundary: " + m.boundary() + "."
                    + (m.reason() == null ? "" : " " + m.reason())));
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
                + " s: " + Numbers.sig(idle.watts()) + " W (" + idle.method() + ", boundary: " + idle.boundary()
                + "). Net energy is gross energy less this power times the duration of the same measured window."
                + " Net figures can fall below zero when a workload draws little more than idle and the meter is"
                + " noisy; accuracy per kJ is not given for them.";
    }

    private static List<Block.Fact> bases(List<TaskModelResult> results) {
        List<Block.Fact> facts = new ArrayList<>();
        basis("J/query net", results, r -> r.energy() == null ? null : r.energy().jPerQuery(), facts);
        basis("J/token net", results, r -> r.energy() == null ? null : r.energy().jPerToken(), facts);
        basis("Tokens/s", results, r -> r.throughput() == null ? null : r.throughput().tokensPerS(), facts);
        facts.add(new Block.Fact("Accuracy", "the interval the harness reports for the task's metric"
                + " (its basis is not recorded in the result)"));
        return facts;
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
