package org.joulebench.reports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.joulebench.harness.HostFingerprint;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;

/**
 * Several runs (different hosts, commits or dates) reported together, with the host as a dimension.
 *
 * @param runs    the runs, in the order given; labels unique
 * @param carbon  the declared conversion to gCO2e, or null where none was given
 * @param command the command line that made the report, for its reproducibility section; or null
 * @param notShown what the report was asked for and cannot show, in words (a report from the results history names
 *                 the runs it holds too little of); empty for a report of result folders
 */
public record CrossRun(List<ReportedRun> runs, Carbon carbon, String command, List<String> notShown) {

    /** A report that shows everything it was given. */
    public CrossRun(List<ReportedRun> runs, Carbon carbon, String command) {
        this(runs, carbon, command, List.of());
    }

    /** The same report, naming {@code missing} as what it cannot show. */
    public CrossRun withNotShown(List<String> missing) {
        return new CrossRun(runs, carbon, command, missing);
    }

    public CrossRun {
        notShown = notShown == null ? List.of() : List.copyOf(notShown);
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a cross-run report needs at least one run");
        }
        Set<String> labels = new HashSet<>();
        runs.forEach(r -> {
            if (!labels.add(r.label())) {
                throw new IllegalArgumentException("two runs are labelled '" + r.label() + "'");
            }
        });
    }

    /** One result of one run. */
    public record Row(ReportedRun run, TaskModelResult result) {
    }

    /**
     * Labels each result by its host's name; where several runs share a host name, by host name and its place
     * among them ({@code vm #1}, {@code vm #2}), short enough for chart labels (the runs table gives each run id).
     *
     * @param sources where each result was read from, in words (same length as {@code results}), or null
     */
    public static CrossRun of(List<RunResult> results, List<String> sources, Carbon carbon, String command) {
        if (sources != null && sources.size() != results.size()) {
            throw new IllegalArgumentException(results.size() + " results but " + sources.size() + " sources");
        }
        Map<String, Integer> perHost = new HashMap<>();
        results.forEach(r -> perHost.merge(hostName(r), 1, Integer::sum));
        Map<String, Integer> seen = new HashMap<>();
        List<ReportedRun> runs = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < results.size(); i++) {
            RunResult r = results.get(i);
            int nth = seen.merge(hostName(r), 1, Integer::sum);
            String base = perHost.get(hostName(r)) > 1 ? hostName(r) + " #" + nth : hostName(r);
            String label = base;
            for (int n = 2; !taken.add(label); n++) {
                label = base + "." + n;
            }
            runs.add(new ReportedRun(label, sources == null ? null : sources.get(i), HostFingerprint.of(r.host()), r));
        }
        return new CrossRun(runs, carbon, command);
    }

    private static String hostName(RunResult r) {
        return r.host() == null || r.host().hostname() == null || r.host().hostname().isBlank()
                ? "unknown host" : r.host().hostname();
    }

    /** Every result of every run, run by run. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        runs.forEach(run -> run.result().results().forEach(r -> rows.add(new Row(run, r))));
        return List.copyOf(rows);
    }

    /** Every task, in order of first appearance. */
    public List<String> tasks() {
        return rows().stream().map(r -> String.valueOf(r.result().task())).distinct().toList();
    }

    /** The rows of {@code task}. */
    public List<Row> rows(String task) {
        return rows().stream().filter(r -> Objects.equals(String.valueOf(r.result().task()), task)).toList();
    }
}
