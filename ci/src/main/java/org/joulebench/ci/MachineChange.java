package org.joulebench.ci;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.joulebench.harness.CanaryDrift;

/**
 * The drift canary's part of the gate. Two separate runs are comparable only when the machine under them stayed
 * the same: when a canary kernel's time or energy per unit moved by more than the allowance, a row's change
 * cannot be told from the machine's. The command then refuses the comparison, or, when asked to go on, shows
 * every regression and improvement as {@code inconclusive (machine changed by X %)}.
 */
public final class MachineChange {

    private MachineChange() {
    }

    /**
     * The kernel whose change is beyond {@code allowance} (the largest such), or empty when the machine stayed
     * within it.
     *
     * @param allowance the largest relative change of a kernel's time or energy per unit that is not a machine
     *                  change, e.g. 0.05
     */
    public static Optional<CanaryDrift.KernelRatio> beyond(CanaryDrift.Measured drift, double allowance) {
        CanaryDrift.KernelRatio largest = drift.largest();
        return Math.abs(largest.change()) > allowance ? Optional.of(largest) : Optional.empty();
    }

    /** The report with every regression and improvement turned inconclusive, saying by how much the machine changed. */
    public static GateReport inconclusive(GateReport report, CanaryDrift.KernelRatio changed) {
        String by = Figures.change(Math.abs(changed.change()), false);
        List<GateRow> rows = new ArrayList<>();
        for (GateRow r : report.rows()) {
            if (r.verdict() == Verdict.REGRESSION || r.verdict() == Verdict.IMPROVEMENT) {
                rows.add(new GateRow(r.comparison(), Verdict.INCONCLUSIVE, r.change(), r.detectable(),
                        "inconclusive (machine changed by " + by + ")",
                        "would be " + r.verdict().label() + " (" + r.reason() + "), but the machine itself changed by "
                                + by + " between the runs (drift canary " + changed.kernel() + ")"));
            } else {
                rows.add(r);
            }
        }
        return new GateReport(report.comparison(), report.policy(), rows);
    }

    /** One line on the canary for a report: its figures and what they mean, or why drift could not be checked. */
    public static String summary(CanaryDrift drift, double allowance) {
        if (drift instanceof CanaryDrift.Unchecked u) {
            return "drift could not be checked (" + u.reason() + ")";
        }
        CanaryDrift.Measured m = (CanaryDrift.Measured) drift;
        String limit = Figures.change(allowance, false);
        String verdict = beyond(m, allowance)
                .map(k -> "the machine changed by " + Figures.change(Math.abs(k.change()), false) + ", more than the "
                        + limit + " allowed")
                .orElse("the machine stayed within the " + limit + " allowed");
        return "drift canary (current / baseline per unit of work): " + m.figures() + "; " + verdict
                + (m.note() == null ? "" : " (" + m.note() + ")");
    }
}
