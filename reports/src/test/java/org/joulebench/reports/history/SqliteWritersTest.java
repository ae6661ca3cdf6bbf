package org.joulebench.reports.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final int WRITERS = 4;
    private static final int RUNS_EACH = 6;

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
        String url = ResultsHistory.sqliteUrl(tmp.resolve("history.db"));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<Integer>> added = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                added.add(pool.submit(() -> {
                    go.await();
                    int n = 0;
                    // Each run on a connection of its own, as separate `history add` processes open it.
                    for (int i = 0; i < RUNS_EACH; i++) {
                        try (ResultsHistory h = ResultsHistory.open(url)) {
                            n += h.add(HistoryFixtures.run("run-" + writer + "-" + i, T0.plusSeconds(i),
                                    "host-" + writer, 1.0)) ? 1 : 0;
                        }
                    }
                    return n;
                }));
            }
            go.countDown();
            for (Future<Integer> f : added) {
                assertEquals(RUNS_EACH, f.get(), "every run of every writer is added");
            }
        } finally {
            pool.shutdownNow();
        }
        try (ResultsHistory h = ResultsHistory.open(url)) {
            assertEquals(WRITERS * RUNS_EACH, h.runs().size());
        }
    }
}
