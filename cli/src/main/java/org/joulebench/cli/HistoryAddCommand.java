package org.joulebench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.joulebench.harness.InputException;
import org.joulebench.harness.ResultFolder;
import org.joulebench.harness.RunResult;
import org.joulebench.reports.ResultsHistory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add runs to the history. Idempotent: a run it already holds (same id, start and host) is left as it is.")
final class HistoryAddCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "a run's output folder (holding results.json), or its results.json")
    List<Path> runs = new ArrayList<>();

    @Mixin
    HistoryStoreOptions store = new HistoryStoreOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException {
        List<RunResult> results = new ArrayList<>();
        for (Path run : runs) {
            results.add(read(run));
        }
        var out = spec.commandLine().getOut();
        try (ResultsHistory history = ResultsHistory.open(store.url())) {
            for (RunResult r : results) {
                if (history.add(r)) {
                    List<Integer> levels = r.results().stream().map(x -> x.concurrency())
                            .filter(java.util.Objects::nonNull).distinct().sorted().toList();
                    out.printf("added run %s (%d results%s) to %s%n", r.run().id(), r.results().size(),
                            levels.isEmpty() ? "" : ", serving levels " + levels.stream().map(String::valueOf)
                                    .collect(java.util.stream.Collectors.joining(", ")), history.location());
                } else {
                    out.printf("run %s is already in %s; left as it is%n", r.run().id(), history.location());
                }
            }
        }
        out.flush();
        return 0;
    }

    static RunResult read(Path run) throws InputException {
        Path file = Files.isDirectory(run) ? run.resolve("results.json") : run;
        if (!Files.isRegularFile(file)) {
            throw new InputException("no results.json at " + file, "give a run's output folder, e.g. out/<run-id>");
        }
        return ResultFolder.readResults(file);
    }
}
