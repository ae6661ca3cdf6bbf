package org.joulebench.reports.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.joulebench.reports.ResultsHistory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writers on one SQLite history at once: a fleet's runs added side by side on one machine. Without
 * {@code BEGIN IMMEDIATE} the writers below failed with {@code SQLITE_BUSY} within a second here (two deferred
 * transactions that had both read cannot both write, and SQLite does not wait for that); the check of the settings
 * does not depend on how the threads happen to interleave.
 */
class SqliteWritersTest {

    @TempDir
    Path tmp;

    @Test
    void anSqliteConnectionWaitsForOtherWritersAndTakesTheWriteLockFirst() throws Exception {
        try (Connection c = JdbcHistoryBackend.connect(ResultsHistory.sqliteUrl(tmp.resolve("history.db")));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA busy_timeout")) {
            assertTrue(rs.next());
            assertEquals(JdbcHistoryBackend.SQLITE_BUSY_TIMEOUT.toMillis(), rs.getLong(1));
            assertEquals(SQLiteConfig.TransactionMode.IMMEDIATE,
                    c.unwrap(SQLiteConnection.class).getConnectionConfig().getTransactionMode());
        }
    }

    @Test
    void writersThatOpenAndAddAtOnceAllSucceed() throws Exception {
        ConcurrentWriters.addAtOnce(ResultsHistory.sqliteUrl(tmp.resolve("history.db")), 4, 6);
    }
}
