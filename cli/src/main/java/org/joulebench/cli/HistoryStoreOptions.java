package org.joulebench.cli;

import java.nio.file.Path;

import org.joulebench.harness.InputException;
import org.joulebench.reports.ResultsHistory;

import picocli.CommandLine.Option;

/** Where the results history lives: an SQLite file, a JDBC URL, or the default. */
final class HistoryStoreOptions {

    @Option(names = "--db", paramLabel = "FILE", description = "SQLite file of the history (default: the JDBC URL in $"
            + ResultsHistory.URL_VARIABLE + ", else " + ResultsHistory.DEFAULT_FILE + " in the working directory)")
    Path db;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "JDBC URL of the history instead, e.g. "
            + "jdbc:postgresql://HOST/DB?user=U&password=P (better passed in $" + ResultsHistory.URL_VARIABLE + ")")
    String jdbcUrl;

    String url() throws InputException {
        if (db != null && jdbcUrl != null) {
            throw new InputException("--db and --jdbc-url both name a history", "give one of them");
        }
        if (db != null) {
            return ResultsHistory.sqliteUrl(db);
        }
        return jdbcUrl != null ? jdbcUrl : ResultsHistory.defaultUrl(System.getenv());
    }
}
