package org.joulebench.reports.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.joulebench.harness.InputException;
import org.joulebench.reports.HistoryBackend;
import org.joulebench.reports.ResultsHistory;

/** Opens histories through {@link DriverManager}. Public only because {@link java.util.ServiceLoader} needs it. */
public final class JdbcHistoryBackend implements HistoryBackend {

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
            c = DriverManager.getConnection(jdbcUrl);
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

    private static void closeQuietly(Connection c, Exception cause) {
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
