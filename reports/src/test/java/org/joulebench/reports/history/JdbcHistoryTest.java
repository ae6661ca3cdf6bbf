package org.joulebench.reports.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.jfree.data.xy.YIntervalSeriesCollection;
import org.joulebench.harness.InputException;
import org.joulebench.reports.HistoryMetric;
import org.joulebench.reports.HistoryRun;
import org.joulebench.reports.ReportFixtures;
import org.joulebench.reports.ResultsHistory;
import org.joulebench.reports.Trend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path tmp;

    private String url() {
        return ResultsHistory.sqliteUrl(tmp.resolve("history.db"));
    }

    @Test
    void aRunComesBackAsItWasStored() throws Exception {
        try (ResultsHistory h = ResultsHistory.open(url())) {
            assertTrue(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0)));
        }
        try (ResultsHistory h = ResultsHistory.open(url())) {
            List<HistoryRun> runs = h.runs();
            assertEquals(1, runs.size());
            HistoryRun run = runs.get(0);
            assertEquals("fixture-run-a", run.runId());
            assertEquals(T0, run.start());
            assertEquals("fixture-host", run.host());
            assertEquals(16, run.hostFingerprint().length());
            assertEquals(ReportFixtures.run().results().size(), run.results());

            Trend t = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, HistoryMetric.J_PER_QUERY);
            assertEquals(1, t.points().size());
            Trend.Point p = t.points().get(0);
            assertEquals(0.05, p.value(), 1e-12);
            assertEquals(0.045, p.lo(), 1e-12);
            assertEquals(0.056, p.hi(), 1e-12);
            assertEquals("ESTIMATE", p.method());
            assertEquals("estimate", p.meter());
            assertEquals("onnx", p.backend());
            assertEquals("cpu", p.device());
            assertEquals("fixture-sha256-small", p.modelSha256());
            assertNull(p.metricName());

            Trend acc = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, HistoryMetric.ACCURACY);
            assertEquals(0.75, acc.points().get(0).value(), 1e-12);
            assertEquals(0.5, acc.points().get(0).lo(), 1e-12);
            assertEquals("accuracy@1", acc.points().get(0).metricName());

            Trend tps = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, HistoryMetric.TOKENS_PER_S);
            assertEquals(420.5, tps.points().get(0).value(), 1e-9);
            Trend gen = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, HistoryMetric.J_PER_GENERATED_TOKEN);
            assertNull(gen.points().get(0).value(), "an embedding task generates no tokens");
        }
    }

    @Test
    void addingTheSameRunTwiceChangesNothing() throws Exception {
        try (ResultsHistory h = ResultsHistory.open(url())) {
            assertTrue(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0)));
            assertFalse(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0)));
            assertEquals(1, h.runs().size());
            assertEquals(1, h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, HistoryMetric.J_PER_QUERY)
                    .points().size());
        }
        assertEquals(ReportFixtures.run().results().size(), count("SELECT COUNT(*) FROM jb_result"));
    }

    @Test
    void theSameRunIdOnAnotherHostIsAnotherRun() throws Exception {
        try (ResultsHistory h = ResultsHistory.open(url())) {
            assertTrue(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0)));
            assertTrue(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host-2", 1.0)));
            List<HistoryRun> runs = h.runs();
            assertEquals(2, runs.size());
            assertFalse(runs.get(0).hostFingerprint().equals(runs.get(1).hostFingerprint()));
            Trend t = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, HistoryMetric.J_PER_QUERY);
            assertEquals(2, TrendChart.dataset(t).getSeriesCount(), "one series per host");
        }
    }

    @Test
    void aTrendIsDrawnWithAPointPerRunInTimeOrder() throws Exception {
        Path png = tmp.resolve("charts/trend.png");
        try (ResultsHistory h = ResultsHistory.open(url())) {
            // added out of order: the trend sorts by start
            h.add(HistoryFixtures.run("fixture-run-c", T0.plusSeconds(7200), "fixture-host", 0.5));
            h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0));
            h.add(HistoryFixtures.run("fixture-run-b", T0.plusSeconds(3600), "fixture-host", 2.0));
            Trend t = h.trend(ReportFixtures.LARGE, ReportFixtures.CLASSIFICATION, HistoryMetric.J_PER_QUERY);
            assertEquals(List.of("fixture-run-a", "fixture-run-b", "fixture-run-c"),
                    t.points().stream().map(Trend.Point::runId).toList());
            assertEquals(List.of(0.7, 1.4, 0.35), t.points().stream().map(p -> round(p.value())).toList());

            YIntervalSeriesCollection data = TrendChart.dataset(t);
            assertEquals(1, data.getSeriesCount());
            assertEquals("onnx · ESTIMATE", data.getSeriesKey(0));
            assertEquals(3, data.getItemCount(0));
            assertEquals(1.54, data.getEndYValue(0, 1), 1e-9, "the upper bound of the second run's interval");
            assertEquals(T0.plusSeconds(3600).toEpochMilli(), data.getX(0, 1).longValue());

            assertEquals(png, h.writeChart(t, png));
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(TrendChart.WIDTH, image.getWidth());
        assertEquals(TrendChart.HEIGHT, image.getHeight());
    }

    @Test
    void anUnknownModelOrTaskIsNamedWithWhatTheHistoryHolds() throws Exception {
        try (ResultsHistory h = ResultsHistory.open(url())) {
            InputException empty = assertThrows(InputException.class,
                    () -> h.trend("fixture-none", ReportFixtures.RETRIEVAL, HistoryMetric.J_PER_QUERY));
            assertTrue(empty.getMessage().contains("holds no runs"), empty.getMessage());

            h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0));
            InputException model = assertThrows(InputException.class,
                    () -> h.trend("fixture-none", ReportFixtures.RETRIEVAL, HistoryMetric.J_PER_QUERY));
            assertTrue(model.getMessage().contains("no model 'fixture-none'"), model.getMessage());
            assertEquals("its models: fixture-large, fixture-small, fixture-tiny", model.fix());

            InputException task = assertThrows(InputException.class,
                    () -> h.trend(ReportFixtures.TINY, ReportFixtures.RETRIEVAL, HistoryMetric.J_PER_QUERY));
            assertEquals("its tasks for fixture-tiny: fixture-classification", task.fix());
        }
    }

    @Test
    void anUnreachableStoreFailsWithTheUrlAndAFix() {
        String missingFolder = ResultsHistory.sqliteUrl(tmp.resolve("no-such-folder/history.db"));
        InputException e = assertThrows(InputException.class, () -> ResultsHistory.open(missingFolder));
        assertTrue(e.getMessage().startsWith("cannot open the results history at " + missingFolder), e.getMessage());
        assertTrue(e.fix().contains("exists and is reachable"), e.fix());

        InputException noDriver = assertThrows(InputException.class,
                () -> ResultsHistory.open("jdbc:fixture-no-such-db://localhost/history?password=fixture-secret"));
        assertTrue(noDriver.getMessage().contains("password=***"), noDriver.getMessage());
        assertFalse(noDriver.getMessage().contains("fixture-secret"), noDriver.getMessage());

        InputException notJdbc = assertThrows(InputException.class, () -> ResultsHistory.open("history.db"));
        assertTrue(notJdbc.getMessage().contains("not a JDBC URL"), notJdbc.getMessage());
    }

    @Test
    void aPostgresServerThatDoesNotAnswerFailsWithTheUrl() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/fixture?user=fixture&password=fixture-secret&connectTimeout=2";
        InputException e = assertThrows(InputException.class, () -> ResultsHistory.open(url));
        assertTrue(e.getMessage().startsWith("cannot open the results history at jdbc:postgresql://127.0.0.1:" + port),
                e.getMessage());
        assertFalse(e.getMessage().contains("fixture-secret"), e.getMessage());
        assertFalse(e.getMessage().contains("No suitable driver"), "PostgreSQL's driver ships: " + e.getMessage());
    }

    @Test
    void aHistoryFromANewerVersionIsRefused() throws Exception {
        ResultsHistory.open(url()).close();
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE jb_schema_version SET version = " + (Schema.VERSION + 1));
        }
        InputException e = assertThrows(InputException.class, () -> ResultsHistory.open(url()));
        assertTrue(e.getMessage().contains("schema version " + (Schema.VERSION + 1)), e.getMessage());
    }

    @Test
    void theColumnsFollowTheMetrics() {
        assertEquals(Arrays.stream(HistoryMetric.values()).map(HistoryMetric::id).toList(), Schema.METRICS);
    }

    @Test
    void theDefaultStoreIsAFileUnlessTheEnvironmentNamesOne() {
        assertEquals("jdbc:sqlite:joulebench-history.db", ResultsHistory.defaultUrl(Map.of()));
        assertEquals("jdbc:postgresql://db.invalid/jb",
                ResultsHistory.defaultUrl(Map.of(ResultsHistory.URL_VARIABLE, " jdbc:postgresql://db.invalid/jb ")));
    }

    @Test
    void passwordsAreLeftOutOfMessages() {
        assertEquals("jdbc:postgresql://db.invalid/jb?user=u&password=***&ssl=true",
                Urls.redact("jdbc:postgresql://db.invalid/jb?user=u&password=p4ss&ssl=true"));
        assertEquals("jdbc:postgresql://u:***@db.invalid/jb", Urls.redact("jdbc:postgresql://u:p4ss@db.invalid/jb"));
    }

    private static double round(double v) {
        return Math.round(v * 1e9) / 1e9;
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
