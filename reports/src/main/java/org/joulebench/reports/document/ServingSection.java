package org.joulebench.reports.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.ServingLevels;
import org.joulebench.reports.charts.ChartNames;

/**
 * The serving scenario's section: per task × model × engine, a row per concurrency level (steady-state figures, the
 * whole level's gross energy beside them), the time–energy chart, the lowest-energy level that meets the TPOT
 * objective, and why requests were not batched where they were not.
 */
final class ServingSection {

    private ServingSection() {
    }

    static List<Block> of(Map<String, List<TaskModelResult>> groups, List<String> charts) {
        List<Block> blocks = new ArrayList<>();
        if (groups.isEmpty()) {
            return blocks;
        }
        blocks.add(new Block.Heading(2, "Serving scenario"));
        blocks.add(new Block.Paragraph("Concurrent streams against one shared engine, one row per concurrency level."
                + " Per-token figures come from the steady-state window (it opens when every stream has its first"
                + " token and closes when the first stream runs out of requests, so it sees exactly N streams; with"
                + " Poisson arrivals, from the arrival of the first tenth of the requests to the last arrival); the"
                + " level's gross energy and time, ramp-up and tail included, stand beside them. See docs/serving.md."));
        for (var g : groups.entrySet()) {
            List<TaskModelResult> levels = g.getValue();
            TaskModelResult first = levels.get(0);
            blocks.add(new Block.Heading(3, "Serving: " + g.getKey()));
            List<TaskModelResult> frontier = ServingLevels.frontier(levels);
            blocks.add(new Block.Table(List.of(Block.Column.number("Concurrency"), Block.Column.number("Responses"),
                    Block.Column.number("J/output token, net"), Block.Column.number("J/response, net"),
                    Block.Column.number("Output tokens/s"), Block.Column.text("TTFT p50/p90/p99, ms"),
                    Block.Column.text("TPOT p50/p90/p99, ms"), Block.Column.number("Steady s"),
                    Block.Column.number("Tokens in window"), Block.Column.number("Level gross J (whole level)"),
                    Block.Column.number("Level s"), Block.Column.text("SLO"), Block.Column.text("Frontier")),
                    levels.stream().map(r -> row(r, frontier.contains(r))).toList()));
            String chart = ChartNames.DIR + "/" + ChartNames.serving(first.task(), first.model(), first.backend());
            if (charts.contains(chart)) {
                blocks.add(new Block.Figure(chart, "J/output token vs TPOT p50 across concurrency levels, Pareto"
                        + " frontier in red"));
            }
            ServingLevels.sloSentence(levels).ifPresent(s -> blocks.add(new Block.Paragraph(s)));
            String why = first.serving().whyNotBatched();
            if (why != null) {
                blocks.add(new Block.Note("Not batched: " + why + ". Concurrent streams queue for one engine here,"
                        + " so J/token cannot fall with concurrency; it shows the cost of queueing instead."));
            }
        }
        return blocks;
    }

    private static List<String> row(TaskModelResult r, boolean onFrontier) {
        TaskModelResult.ServingStats s = r.serving();
        return List.of(String.valueOf(r.concurrency()), s.responses() + " of " + s.requests(),
                Numbers.withCi(s.jPerOutputToken()), Numbers.sig(s.jPerResponse()), Numbers.sig(s.outputTokensPerS()),
                percentiles(s.ttftMs()), percentiles(s.tpotMs()), Numbers.sig(s.steadySeconds()),
                Long.toString(s.steadyTokens()), Numbers.sig(s.levelJoulesGross()), Numbers.sig(s.levelSeconds()),
                s.meetsSlo() == null ? "-" : s.meetsSlo() ? "met" : "missed", onFrontier ? "yes" : "");
    }

    private static String percentiles(TaskModelResult.Percentiles p) {
        return p == null ? Numbers.NA : Numbers.sig(p.p50(), 3) + " / " + Numbers.sig(p.p90(), 3) + " / "
                + Numbers.sig(p.p99(), 3);
    }
}
