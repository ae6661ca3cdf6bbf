package org.joulebench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.joulebench.harness.Comparability;
import org.joulebench.harness.InputException;
import org.joulebench.harness.RunResult;
import org.joulebench.reports.Carbon;
import org.joulebench.reports.CrossRun;
import org.joulebench.reports.HistoryRun;
import org.joulebench.reports.ResultsHistory;

/**
 * The cross-host report's runs read from a results history ({@code report --history}): every selected run whose
 * results.json the history keeps, checked to be comparable but for the host, and the runs it holds too little of
 * named as not shown.
 */
final class HistoryReport {

    private HistoryReport() {
    }

    static CrossRun read(String history, ResultsHistory.Selection selection, Carbon carbon, String command)
            throws InputException {
        String url = url(history);
        try (ResultsHistory store = ResultsHistory.open(url)) {
            List<ResultsHistory.StoredRun> selected = store.select(selection);
            if (selected.isEmpty()) {
                List<HistoryRun> all = store.runs();
                throw new InputException("no run in the results history at " + store.location() + " matches"
                        + described(selection) + " (it holds " + all.size() + " runs)", all.isEmpty()
                        ? "add runs with `joulebench history add out/<run-id>` or `joulebench run --history`"
                        : "its suites: " + String.join(", ", new TreeSet<>(all.stream().map(r -> String.valueOf(r.suite())).toList()))
                        + "; its hosts: " + String.join(", ", new TreeSet<>(all.stream().map(r -> String.valueOf(r.host())).toList())));
            }
            List<RunResult> results = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            List<String> notShown = new ArrayList<>();
            for (ResultsHistory.StoredRun s : selected) {
                if (s.result() == null) {
                    notShown.add("run " + s.run().runId() + " on " + s.run().host() + " (started " + s.run().start()
                            + "): added before the history kept whole results (schema version 4), so it holds only the"
                            + " run's summary figures, not its meters, idle baseline, power trace or per-row details;"
                            + " `joulebench history trend` shows those figures");
                    continue;
                }
                results.add(s.result());
                sources.add("history run " + s.run().runId());
            }
            if (results.isEmpty()) {
                throw new InputException("the " + selected.size() + " runs of the results history at " + store.location()
                        + " that match" + described(selection) + " were all added before it kept whole results"
                        + " (schema version 4)", "add their folders to a new history with `joulebench history add`");
            }
            comparable(results, sources);
            return CrossRun.of(results, sources, carbon, command).withNotShown(notShown);
        }
    }

    /** Refuses runs that {@code compare} would refuse for a reason other than the host. */
    private static void comparable(List<RunResult> results, List<String> sources) throws InputException {
        for (int i = 1; i < results.size(); i++) {
            for (Comparability.Mismatch m : Comparability.check(results.get(0), results.get(i))) {
                if (m.kind() != Comparability.Kind.HOST) {
                    throw new InputException("cannot put " + sources.get(0) + " and " + sources.get(i)
                            + " side by side: " + m.reason().replace("baseline", "the first").replace("current", "the other"),
                            "narrow the selection with --suite, --since or --hosts to runs measured the same way");
                }
            }
        }
    }

    private static String described(ResultsHistory.Selection s) {
        List<String> parts = new ArrayList<>();
        if (s.suite() != null) {
            parts.add("--suite " + s.suite());
        }
        if (s.since() != null) {
            parts.add("--since " + s.since());
        }
        if (!s.hosts().isEmpty()) {
            parts.add("--hosts " + String.join(",", s.hosts()));
        }
        return parts.isEmpty() ? "" : " " + String.join(" ", parts);
    }

    /**
     * The JDBC URL of {@code history}: a JDBC URL as given, a file as its SQLite URL. An SQLite file must exist: a
     * report never creates an empty history.
     */
    static String url(String history) throws InputException {
        if (history.isBlank()) {
            throw new InputException("--history is empty", "give an SQLite file or a JDBC URL");
        }
        String file = history.startsWith("jdbc:sqlite:") ? history.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", "")
                : history.startsWith("jdbc:") ? null : history;
        if (file != null && !Files.isRegularFile(Path.of(file))) {
            throw new InputException("--history " + history + ": no such SQLite file",
                    "give the history file `joulebench run --history` or `history add` wrote, or a JDBC URL");
        }
        return file != null && !history.startsWith("jdbc:") ? ResultsHistory.sqliteUrl(Path.of(file)) : history;
    }

    /** {@code --since} as an instant: a day (UTC midnight) or an ISO instant; null for none. */
    static Instant since(String since) throws InputException {
        if (since == null) {
            return null;
        }
        try {
            return LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(since);
            } catch (DateTimeParseException e2) {
                throw new InputException("--since " + since + " is not a date",
                        "give a day as YYYY-MM-DD (UTC), or an instant such as 2026-01-31T12:00:00Z");
            }
        }
    }
}
