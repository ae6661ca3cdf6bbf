package org.joulebench.ci;

import java.util.List;

import org.joulebench.harness.RowComparison;

/** The gate's verdicts as a Markdown table fit for a pull-request comment. */
public final class GateMarkdown {

    private GateMarkdown() {
    }

    /**
     * @param baseline what the baseline is called in the heading (its run id)
     * @param current  what the current run is called
     */
    public static String render(GateReport report, String baseline, String current) {
        StringBuilder md = new StringBuilder();
        int regressions = report.regressions().size();
        md.append("### Joulebench: ").append(regressions == 0 ? "no regression"
                : regressions + (regressions == 1 ? " regression" : " regressions")).append("\n\n");
        var s = report.comparison().settings();
        md.append("Baseline `").append(Figures.cell(baseline)).append("`, current `").append(Figures.cell(current))
                .append("`. A regression is significant (α = ").append(s.alpha())
                .append(") and beyond ").append(Figures.change(report.policy().maxRegression(), false))
                .append(" for energy and speed, ").append(Figures.change(report.policy().minAccuracyDelta(), true))
                .append(" for accuracy. Ratio = current / baseline, with its bootstrap 95 % interval.\n\n");
        md.append("| verdict | task | model | backend | metric | baseline | current | ratio (95 % CI) | why |\n");
        md.append("|---|---|---|---|---|---:|---:|---|---|\n");
        for (GateRow r : report.rows()) {
            RowComparison c = r.comparison();
            String verdict = r.verdict() == Verdict.REGRESSION ? "**regression**" : r.summary();
            md.append("| ").append(verdict)
                    .append(" | ").append(Figures.cell(c.task()))
                    .append(" | ").append(Figures.cell(c.model()))
                    .append(" | ").append(Figures.cell(c.backend()))
                    .append(" | ").append(c.metric().label())
                    .append(" | ").append(Figures.value(c.baseline()))
                    .append(" | ").append(Figures.value(c.current()))
                    .append(" | ").append(Figures.ratio(c.ratio())).append(" (")
                    .append(Figures.ratio(c.ratioCi95().get(0))).append("–")
                    .append(Figures.ratio(c.ratioCi95().get(1))).append(")")
                    .append(" | ").append(Figures.cell(r.reason())).append(" |\n");
        }
        List<String> unmatched = report.comparison().unmatched();
        if (!unmatched.isEmpty()) {
            md.append("\nNot compared:\n\n");
            unmatched.forEach(u -> md.append("- ").append(Figures.cell(u)).append('\n'));
        }
        return md.toString();
    }

}
