package org.joulebench.reports.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import org.joulebench.harness.InputException;
import org.joulebench.harness.Metric;
import org.joulebench.reports.ReportFixtures;
import org.joulebench.reports.ResultsHistory;
import org.joulebench.reports.Trend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The history's SQL on a real PostgreSQL server, when one is given: set {@value #VARIABLE} to a JDBC URL of a
 * database the user may create schemas in (e.g. {@code jdbc:postgresql://127.0.0.1:5432/jb?user=jb}). Each test
 * works in a schema of its own, dropped afterwards. Without the variable the tests are skipped: the build needs
 * no server.
 */
class JdbcHistoryPostgresTest {

    static final String VARIABLE = "JOULEBENCH_TEST_POSTGRES_URL";
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private String server;
    private String schema;

    @BeforeEach
    void createSchema() throws Exception {
        server = System.getenv(VARIABLE);
        Assumptions.assumeTrue(server != null && !server.isBlank(), VARIABLE + " is not set: no PostgreSQL to test on");
        schema = "jb_test_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private String url() {
        return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Test
    void roundTripIdempotenceAndTrendOnPostgres() throws Exception {
        try (ResultsHistory h = ResultsHistory.open(url())) {
            assertTrue(h.add(HistoryFixtures.run("fixture-run-b", T0.plusSeconds(3600), "fixture-host", 2.0)));
            assertTrue(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0)));
            assertFalse(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0)));
        }
        try (ResultsHistory h = ResultsHistory.open(url())) {
            assertEquals(List.of("fixture-run-a", "fixture-run-b"), h.runs().stream().map(r -> r.runId()).toList());
            assertEquals(ReportFixtures.run().results().size(), h.runs().get(0).results());
            Trend t = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, Metric.J_PER_QUERY);
            assertEquals(List.of(0.05, 0.1), t.points().stream().map(p -> Math.round(p.value() * 1e9) / 1e9).toList());
            assertEquals("fixture-sha256-small", t.points().get(0).modelSha256());
            assertEquals(T0, t.points().get(0).start());
            InputException e = assertThrows(InputException.class,
                    () -> h.trend("fixture-none", ReportFixtures.RETRIEVAL, Metric.ACCURACY));
            assertEquals("its models: fixture-large, fixture-small, fixture-tiny", e.fix());
        }
    }

    /**
     * Writers on a fresh schema at once, as a fleet's pods that finish together: before the schema was made under
     * an advisory lock, two sessions' CREATE TABLE IF NOT EXISTS collided ("duplicate key value violates unique
     * constraint pg_type_typname_nsp_index").
     */
    @Test
    void writersThatOpenAFreshHistoryAndAddAtOnceAllSucceed() throws Exception {
        ConcurrentWriters.addAtOnce(url(), 4, 3);
    }
}
