package org.joulebench.ci;

import java.util.ArrayList;
import java.util.List;

/** An A/B comparison's verdicts as JUnit XML: one test case per judged metric (a regression fails). */
public final class AbJUnit {

    private AbJUnit() {
    }

    public static String render(AbReport report) {
        List<GateJUnit.Case> cases = new ArrayList<>();
        for (AbRow r : report.rows()) {
            if (r.verdict() == null) {
                continue;
            }
            cases.add(new GateJUnit.Case("joulebench.ab", r.metric(), r.verdict(), r.reason(),
                    AbMarkdown.detail(r, report)));
        }
        if (cases.isEmpty()) {
            cases.add(new GateJUnit.Case("joulebench.ab", "rounds", Verdict.INCONCLUSIVE,
                    "too few rounds for a verdict (" + report.rounds() + ")", report.stopReason()));
        }
        return GateJUnit.render("joulebench ab", cases);
    }
}
