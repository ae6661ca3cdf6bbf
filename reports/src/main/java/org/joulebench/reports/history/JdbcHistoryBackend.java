package org.joulebench.reports.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import org.joulebench.harness.InputException;
import org.joulebench.reports.HistoryBackend;
import org.joulebench.reports.ResultsHistory;

/**
 * Opens histories through {@link DriverManager}. Public only because {@link java.util.ServiceLoader} needs it.
 *
 * <p>An SQLite history may have several writers at once (a fleet's runs added on one machine, two terminals, CI jobs
 * side by side): each connection waits up to {@link #SQLITE_BUSY_TIMEOUT} for another's write to end, and begins its
 * transactions with {@code BEGIN IMMEDIATE}, taking the write lock before it reads. With SQLite's default deferred
 * transactions two writers that had both read could not both go on, and SQLite answered one of them
 * {@code SQLITE_BUSY} at once, whatever the timeout. The file keeps SQLite's rollback journal, not WAL: WAL needs
 * shared memory between the processes, so a history on a network file system (a cluster's home folders) would break.
 */
public final class JdbcHistoryBackend implements HistoryBackend {

    /** How long an SQLite connection waits for another's write to end; a run's rows take milliseconds. */
    static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public ResultsHistory open(String jdbcUrl) throws InputException {
        String location = Urls.redact(jdbcUrl);
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new InputException("'" + location + "' is not a JDBC URL",
                    "give one such as jdbc:sqlite:" + ResultsHistory.DEFAULT_FILE
                            + " or jdbc:postgresql://HOST/DB?user=U&password=P, or --db FILE");
        }
        Connection c;
        try {
            c = connect(jdbcUrl);
        } catch (SQLException e) {
            throw new InputException("cannot open the results history at " + location + ": "
                    + Urls.redact(String.valueOf(e.getMessage()).replace(jdbcUrl, location)),
                    "check the URL, that the database (or the SQLite file's folder) exists and is reachable, and for "
                            + "databases other than SQLite and PostgreSQL that their JDBC driver is on the class path", e);
        }
        try {
            Schema.ensure(c, location);
            return new JdbcHistory(c, location);
        } catch (SQLException e) {
            closeQuietly(c, e);
            throw new InputException("cannot create the tables of the results history at " + location + ": "
                    + Urls.redact(String.valueOf(e.getMessage()).replace(jdbcUrl, location)), "check that the database user may create tables there", e);
        } catch (Schema.SchemaException e) {
            closeQuietly(c, e);
            throw new InputException(e.getMessage(), e.fix(), e);
        }
    }

    /** A connection to {@code jdbcUrl}; for SQLite, one that waits for other writers (see the class comment). */
    static Connection connect(String jdbcUrl) throws SQLException {
        Properties settings = new Properties();
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            settings.setProperty("busy_timeout", Long.toString(SQLITE_BUSY_TIMEOUT.toMillis()));
            settings.setProperty("transaction_mode", "IMMEDIATE");
        }
        return DriverManager.getConnection(jdbcUrl, settings);
    }

    private static void closeQuietly(Connection c, Exception cause) {
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
