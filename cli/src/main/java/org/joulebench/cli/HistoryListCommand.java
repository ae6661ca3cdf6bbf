package org.joulebench.cli;

import java.util.concurrent.Callable;

import org.joulebench.harness.InputException;
import org.joulebench.reports.HistoryRun;
import org.joulebench.reports.ResultsHistory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the runs in the history, oldest first.")
final class HistoryListCommand implements Callable<Integer> {

    @Mixin
    HistoryStoreOptions store = new HistoryStoreOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException {
        var out = spec.commandLine().getOut();
        try (ResultsHistory history = ResultsHistory.open(store.url())) {
            Table t = new Table("start (UTC)", "run", "suite", "suite sha256", "host", "host fingerprint", "results",
                    "scenario");
            for (HistoryRun r : history.runs()) {
                t.row(HistoryTrendCommand.TIME.format(r.start()), r.runId(), r.suite(), prefix(r.suiteSha256()), r.host(),
                        r.hostFingerprint(), r.results(), r.concurrency().isEmpty() ? "single"
                                : "server, concurrency " + r.concurrency().stream().map(String::valueOf)
                                .collect(java.util.stream.Collectors.joining(",")));
            }
            out.print(t.render());
        }
        out.flush();
        return 0;
    }

    static String prefix(String sha) {
        return sha == null ? "n/a" : sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }
}
