package org.joulebench.ci;

import java.util.Locale;

import org.joulebench.harness.PairedRatio;

/** An A/B comparison as Markdown for a pull-request comment. */
public final class AbMarkdown {

    private AbMarkdown() {
    }

    public static String render(AbReport report) {
        StringBuilder md = new StringBuilder();
        int regressions = report.regressions().size();
        md.append("### Joulebench A/B: ").append(report.rows().isEmpty() ? "no verdict"
                : regressions == 0 ? "no regression"
                : regressions + (regressions == 1 ? " regression" : " regressions"))
                .append(report.partial() ? " (partial: interrupted)" : "").append("\n\n");
        AbSettings s = report.settings();
        md.append("A (baseline) `").append(code(report.commandA())).append("` against B (candidate) `")
                .append(code(report.commandB())).append("`, ").append(report.rounds())
                .append(" rounds in one job, each running A and B once in a seeded random order (seed ")
                .append(s.seed()).append("); ").append(report.stopReason()).append(". A regression is significant (α = ")
                .append(s.alpha()).append(", Wilcoxon signed-rank over rounds) and beyond ")
                .append(Figures.change(s.policy().maxRegression(), false))
                .append(". Ratio = B / A, the pseudo-median of the rounds' ratios with its 95 % interval.\n\n");
        md.append("| verdict | metric | A (median) | B (median) | B/A (95 % CI) | why |\n");
        md.append("|---|---|---:|---:|---|---|\n");
        for (AbRow r : report.rows()) {
            PairedRatio p = r.ratio();
            String verdict = r.verdict() == Verdict.REGRESSION ? "**regression**" : r.summary();
            md.append("| ").append(verdict).append(" | ").append(Figures.cell(r.label()))
                    .append(" | ").append(Figures.value(p.baseline())).append(' ').append(r.unit())
                    .append(" | ").append(Figures.value(p.current())).append(' ').append(r.unit())
                    .append(" | ").append(Figures.ratio(p.ratio())).append(" (")
                    .append(Figures.ratio(p.ratioCi95().get(0))).append("–")
                    .append(Figures.ratio(p.ratioCi95().get(1))).append(") | ").append(Figures.cell(r.reason())).append(" |\n");
        }
        for (AbMeter m : report.meters()) {
            md.append("\n- `").append(m.id()).append("` (").append(m.method()).append("): ").append(Figures.cell(m.boundary()))
                    .append(m.idleWatts() == null ? "; gross energy (no idle baseline)"
                            : String.format(Locale.ROOT, "; idle %.3f W subtracted for net energy", m.idleWatts()));
        }
        md.append('\n');
        if (!report.warnings().isEmpty()) {
            md.append('\n');
            report.warnings().forEach(w -> md.append("> ").append(Figures.cell(w)).append('\n'));
        }
        return md.toString();
    }

    /** The figures behind one row, in a sentence. */
    static String detail(AbRow r, AbReport report) {
        PairedRatio p = r.ratio();
        return r.label() + ": A median " + Figures.value(p.baseline()) + " " + r.unit() + ", B median "
                + Figures.value(p.current()) + " " + r.unit() + ", B/A " + Figures.ratio(p.ratio()) + " (95 % CI "
                + Figures.ratio(p.ratioCi95().get(0)) + "–" + Figures.ratio(p.ratioCi95().get(1)) + "), "
                + "Wilcoxon signed-rank over " + report.rounds() + " rounds";
    }


    private static String code(String text) {
        return Figures.cell(text).replace('`', '\'');
    }
}
