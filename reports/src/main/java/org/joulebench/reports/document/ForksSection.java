package org.joulebench.reports.document;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.joulebench.harness.ForkMerge;
import org.joulebench.harness.ForkSpread;
import org.joulebench.harness.RunResult;

/**
 * What the intervals leave out or take in: the spread between processes. For a run of several forks, a table of
 * each figure's forks beside the interval over them and each fork's own interval; for a run in one process, the
 * plain statement that its intervals are within one process, with the between-process spread last measured.
 */
final class ForksSection {

    /**
     * The between-process spread last measured on a run of this kind: the figures and where they were taken, for
     * a reader of a one-process run. Update it with a new measurement (`run --forks 3`), never by hand-waving.
     */
    static final String LAST_MEASURED = "on 2026-12-07, on a shared 2-core x86-64 machine with other jobs running "
            + "(load average 3.2; ESTIMATE meter), three forks of `run --models all-minilm-l6-v2 --limit 60 "
            + "--repetitions 2` gave tokens/s of wordnet-noun-category of 531, 535 and 602 (a spread of 12.9 % of "
            + "their mean) and of wordnet-reverse-dictionary of 973, 1003 and 972 (3.1 %); two identical runs of two "
            + "MiniLM models taken 15 s apart differed by 21-30 % in tokens/s";

    private ForksSection() {
    }

    static List<Block> of(RunResult result) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(3, "Between processes"));
        int forks = ForkMerge.forks(result);
        if (result.forks().isEmpty()) {
            blocks.add(new Block.Paragraph("This run ran in one process, so its intervals show the variation within"
                    + " that process only. The same run in another process varies more (JIT decisions, memory layout,"
                    + " thread placement): " + LAST_MEASURED + ". For intervals that include that spread, run with"
                    + " `--forks 3` or more; `joulebench compare` then takes the fork as its unit."));
            return blocks;
        }
        blocks.add(new Block.Paragraph("This run ran in " + forks + " separate processes (`--forks " + forks + "`),"
                + " each loading the models afresh. Energy per query and per token, tokens per second and the"
                + " generation figures are the mean of the forks' figures, with a Student-t interval over the forks;"
                + " the table gives each fork's figure, their spread, and the mean width of each fork's own interval"
                + " (the variation within one process)."));
        List<List<String>> rows = new ArrayList<>();
        for (ForkSpread s : result.forks()) {
            rows.add(List.of(s.task(), s.model(), s.backend(), s.metric(),
                    s.forkMeans().stream().map(Numbers::sig).collect(Collectors.joining(", ")),
                    Numbers.withCi(s.mean(), s.ci95().get(0), s.ci95().get(1), 1),
                    percent(s.betweenSpread()), "±" + percent(s.withinHalfWidth())));
        }
        blocks.add(new Block.Table(List.of(Block.Column.text("task"), Block.Column.text("model"),
                Block.Column.text("backend"), Block.Column.text("figure"), Block.Column.number("each fork"),
                Block.Column.number("mean [95% CI over forks]"), Block.Column.number("between forks (range / mean)"),
                Block.Column.number("within a fork (mean half-width)")), rows));
        return blocks;
    }

    private static String percent(double fraction) {
        return Numbers.fixed(fraction * 100, 1) + "%";
    }
}
