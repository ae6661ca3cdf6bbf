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
import org.joulebench.harness.HostFingerprint;
import org.joulebench.harness.InputException;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Metric;
import org.joulebench.reports.HistoryRun;
import org.joulebench.reports.ReportFixtures;
import org.joulebench.reports.ResultsHistory;
import org.joulebench.reports.ServingFixtures;
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
            assertEquals(HostFingerprint.of(ReportFixtures.run().host()), run.hostFingerprint(),
                    "the history's fingerprint is the one report.csv carries");
            assertEquals(ReportFixtures.run().results().size(), run.results());

            Trend t = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, Metric.J_PER_QUERY);
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

            Trend acc = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, Metric.ACCURACY);
            assertEquals(0.75, acc.points().get(0).value(), 1e-12);
            assertEquals(0.5, acc.points().get(0).lo(), 1e-12);
            assertEquals("accuracy@1", acc.points().get(0).metricName());

            Trend tps = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, Metric.TOKENS_PER_S);
            assertEquals(420.5, tps.points().get(0).value(), 1e-9);
            Trend gen = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, Metric.J_PER_GENERATED_TOKEN);
            assertNull(gen.points().get(0).value(), "an embedding task generates no tokens");
        }
    }

    @Test
    void addingTheSameRunTwiceChangesNothing() throws Exception {
        try (ResultsHistory h = ResultsHistory.open(url())) {
            assertTrue(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0)));
            assertFalse(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0)));
            assertEquals(1, h.runs().size());
            assertEquals(1, h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, Metric.J_PER_QUERY)
                    .points().size());
        }
        assertEquals(ReportFixtures.run().results().size(), count("SELECT COUNT(*) FROM jb_result"));
    }

    @Test
    void theSameRunIdOnAnotherHostIsAnotherRun() throws Exception {
        try (ResultsHistory h = ResultsHistory.open(url())) {
            assertTrue(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0)));
            assertTrue(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host-2", "Fixture CPU 3.0GHz", 1.0)));
            List<HistoryRun> runs = h.runs();
            assertEquals(2, runs.size());
            assertFalse(runs.get(0).hostFingerprint().equals(runs.get(1).hostFingerprint()));
            Trend t = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, Metric.J_PER_QUERY);
            assertEquals(2, TrendChart.dataset(t).getSeriesCount(), "one series per host");
        }
    }

    @Test
    void likeMachinesWithOtherNamesAreOneHostButTwoRuns() throws Exception {
        try (ResultsHistory h = ResultsHistory.open(url())) {
            assertTrue(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-runner-1", 1.0)));
            assertTrue(h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-runner-2", 2.0)));
            List<HistoryRun> runs = h.runs();
            assertEquals(2, runs.size());
            assertEquals(runs.get(0).hostFingerprint(), runs.get(1).hostFingerprint());
            Trend t = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, Metric.J_PER_QUERY);
            assertEquals(1, TrendChart.dataset(t).getSeriesCount(), "one host, one series");
            assertEquals(2, TrendChart.dataset(t).getItemCount(0));
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
            Trend t = h.trend(ReportFixtures.LARGE, ReportFixtures.CLASSIFICATION, Metric.J_PER_QUERY);
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
                    () -> h.trend("fixture-none", ReportFixtures.RETRIEVAL, Metric.J_PER_QUERY));
            assertTrue(empty.getMessage().contains("holds no runs"), empty.getMessage());

            h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0));
            InputException model = assertThrows(InputException.class,
                    () -> h.trend("fixture-none", ReportFixtures.RETRIEVAL, Metric.J_PER_QUERY));
            assertTrue(model.getMessage().contains("no model 'fixture-none'"), model.getMessage());
            assertEquals("its models: fixture-large, fixture-small, fixture-tiny", model.fix());

            InputException task = assertThrows(InputException.class,
                    () -> h.trend(ReportFixtures.TINY, ReportFixtures.RETRIEVAL, Metric.J_PER_QUERY));
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
    void aServingRunIsStoredARowPerLevelAndTrendedOneLevelAtATime() throws Exception {
        String task = ReportFixtures.COMPLETION;
        String model = ReportFixtures.GEN_SMALL;
        try (ResultsHistory h = ResultsHistory.open(url())) {
            assertTrue(h.add(ServingFixtures.run("fixture-serving-a", T0, 0.002, 1, 2)));
            assertTrue(h.add(ServingFixtures.run("fixture-serving-b", T0.plusSeconds(3600), 0.003, 1, 2)));
            assertEquals(List.of(1, 2), h.runs().get(0).concurrency());
            assertEquals(2, h.runs().get(0).results());

            Trend two = h.trend(model, task, Metric.J_PER_TOKEN, 2);
            assertEquals(Integer.valueOf(2), two.concurrency());
            assertEquals(List.of(ServingFixtures.jPerOutputToken(0.002, 2), ServingFixtures.jPerOutputToken(0.003, 2)),
                    two.points().stream().map(Trend.Point::value).toList());
            assertEquals("net J per output token (steady state)", two.label());
            assertEquals("J/output token", two.unit());
            Trend one = h.trend(model, task, Metric.J_PER_TOKEN, 1);
            assertEquals(ServingFixtures.jPerOutputToken(0.002, 1), one.points().get(0).value(), 1e-15);
            assertTrue(TrendChart.chart(two).getTitle().getText().contains("at concurrency 2"),
                    TrendChart.chart(two).getTitle().getText());

            InputException noLevel = assertThrows(InputException.class,
                    () -> h.trend(model, task, Metric.J_PER_TOKEN));
            assertTrue(noLevel.getMessage().contains("at concurrency 1, 2, and no single-scenario ones"),
                    noLevel.getMessage());
            assertTrue(noLevel.fix().contains("--concurrency N"), noLevel.fix());
            InputException absent = assertThrows(InputException.class,
                    () -> h.trend(model, task, Metric.J_PER_TOKEN, 3));
            assertEquals("its levels: 1, 2", absent.fix());
            InputException decode = assertThrows(InputException.class,
                    () -> h.trend(model, task, Metric.J_PER_GENERATED_TOKEN, 2));
            assertTrue(decode.fix().contains("j_per_token"), decode.fix());

            h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0));
            InputException single = assertThrows(InputException.class,
                    () -> h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, Metric.J_PER_QUERY, 2));
            assertTrue(single.getMessage().contains("holds only single-scenario results"), single.getMessage());
            assertEquals("leave out --concurrency", single.fix());
        }
        assertEquals(4, count("SELECT COUNT(*) FROM jb_result WHERE concurrency IS NOT NULL"));
    }

    @Test
    void aSingleScenarioTrendNamesTheServingLevelsBesideIt() throws Exception {
        try (ResultsHistory h = ResultsHistory.open(url())) {
            h.add(ReportFixtures.generationRun());
            h.add(ServingFixtures.run("fixture-serving-a", T0, 0.002, 1, 4));
            Trend t = h.trend(ReportFixtures.GEN_SMALL, ReportFixtures.COMPLETION, Metric.J_PER_TOKEN);
            assertNull(t.concurrency());
            assertEquals(List.of(1, 4), t.levels());
            assertEquals("net J per input token", t.label());
            assertEquals(2, t.points().size(), "the single run's two engines, no serving level");
        }
    }

    /** The jb_result table of schema version 1, as Joulebench wrote it before the serving scenario. */
    private static String version1ResultTable() {
        StringBuilder metrics = new StringBuilder();
        for (String m : Schema.METRICS) {
            metrics.append(m).append(" DOUBLE PRECISION, ").append(m).append("_lo DOUBLE PRECISION, ")
                    .append(m).append("_hi DOUBLE PRECISION, ");
        }
        return "CREATE TABLE jb_result (run_key VARCHAR(64) NOT NULL REFERENCES jb_run (run_key), task TEXT NOT NULL, "
                + "model TEXT NOT NULL, backend TEXT NOT NULL, device TEXT NOT NULL, model_precision TEXT, "
                + "model_sha256 TEXT, meter TEXT, method TEXT, relative_uncertainty DOUBLE PRECISION, queries INTEGER, "
                + "repetitions INTEGER, accuracy_metric TEXT, " + metrics
                + "PRIMARY KEY (run_key, task, model, backend, device))";
    }

    @Test
    void aVersion1HistoryIsMigratedInPlaceKeepingItsRows() throws Exception {
        try (ResultsHistory h = ResultsHistory.open(url())) {
            h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0));
        }
        // Turn the store into what version 1 wrote: the same rows in the table without concurrency.
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE jb_result RENAME TO jb_result_now");
            s.execute(version1ResultTable());
            StringBuilder columns = new StringBuilder("run_key, task, model, backend, device, model_precision, "
                    + "model_sha256, meter, method, relative_uncertainty, queries, repetitions, accuracy_metric");
            Schema.METRICS.forEach(m -> columns.append(", ").append(m).append(", ").append(m).append("_lo, ")
                    .append(m).append("_hi"));
            s.executeUpdate("INSERT INTO jb_result (" + columns + ") SELECT " + columns + " FROM jb_result_now");
            s.execute("DROP TABLE jb_result_now");
            s.execute("ALTER TABLE jb_run DROP COLUMN result_json");
            s.executeUpdate("UPDATE jb_schema_version SET version = 1");
        }
        long before = count("SELECT COUNT(*) FROM jb_result");
        try (ResultsHistory h = ResultsHistory.open(url())) {
            Trend t = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, Metric.J_PER_QUERY);
            assertEquals(0.05, t.points().get(0).value(), 1e-12);
            assertEquals("fixture-sha256-small", t.points().get(0).modelSha256());
            assertTrue(h.add(ServingFixtures.run("fixture-serving-a", T0.plusSeconds(60), 0.002, 1, 2)),
                    "two levels of one task × model × engine: version 1's key refused that");
        }
        assertEquals(before, count("SELECT COUNT(*) FROM jb_result WHERE concurrency IS NULL"));
        assertEquals(2, count("SELECT COUNT(*) FROM jb_result WHERE concurrency IS NOT NULL"));
        assertEquals(Schema.VERSION, count("SELECT MAX(version) FROM jb_schema_version"));
        assertEquals(1, count("SELECT COUNT(*) FROM jb_schema_version"));
    }

    /** What schema version 2 wrote in jb_run.host_fingerprint: 16 hex digits over name and some hardware. */
    private static String version2Fingerprint(org.joulebench.harness.HostInfo host) {
        String text = String.join("\n", host.hostname(), host.cpuModel(), Integer.toString(host.logicalCpus()),
                Long.toString(host.memoryBytes()), String.join(",", host.gpus()), host.virtualisation());
        return org.joulebench.zoo.Sha256.hex(text).substring(0, 16);
    }

    @Test
    void aVersion2HistoryWithTheOldHostKeyReadsTrendsAndMatchesNewRuns() throws Exception {
        RunResult old = HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0);
        String oldFingerprint = version2Fingerprint(old.host());
        String oldKey = org.joulebench.zoo.Sha256.hex(old.run().id() + "\n" + old.run().start() + "\n" + oldFingerprint);
        try (ResultsHistory h = ResultsHistory.open(url())) {
            h.add(old);
        }
        // Turn the store into what version 2 wrote: the old fingerprint, and the run key made from it.
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = OFF");
            s.executeUpdate("UPDATE jb_run SET host_fingerprint = '" + oldFingerprint + "', run_key = '" + oldKey + "'");
            s.executeUpdate("UPDATE jb_result SET run_key = '" + oldKey + "'");
            dropVersion4Columns(s);
            s.executeUpdate("UPDATE jb_schema_version SET version = 2");
        }
        try (ResultsHistory h = ResultsHistory.open(url())) {
            assertEquals(HostFingerprint.of(old.host()), h.runs().get(0).hostFingerprint(), "migrated to the new key");
            assertFalse(h.add(old), "the old row is still the same run");
            assertTrue(h.add(HistoryFixtures.run("fixture-run-b", T0.plusSeconds(3600), "fixture-host", 2.0)));
            List<HistoryRun> runs = h.runs();
            assertEquals(2, runs.size());
            assertEquals(runs.get(0).hostFingerprint(), runs.get(1).hostFingerprint(),
                    "an old row and a new run of the same host share the fingerprint");
            Trend t = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, Metric.J_PER_QUERY);
            assertEquals(List.of(0.05, 0.1), t.points().stream().map(p -> round(p.value())).toList());
            assertEquals(1, TrendChart.dataset(t).getSeriesCount(), "one host, one line");
        }
        assertEquals(oldKey, string("SELECT run_key FROM jb_run WHERE run_id = 'fixture-run-a'"));
        assertEquals(Schema.VERSION, count("SELECT MAX(version) FROM jb_schema_version"));
    }

    /** What version 4 added: each run's results.json and each row's meter boundary. */
    private static void dropVersion4Columns(Statement s) throws java.sql.SQLException {
        s.execute("ALTER TABLE jb_run DROP COLUMN result_json");
        s.execute("ALTER TABLE jb_result DROP COLUMN boundary");
    }

    @Test
    void aVersion3HistoryIsMigratedItsOldRunsReadWithoutResultsAndNewRunsKeepTheirs() throws Exception {
        try (ResultsHistory h = ResultsHistory.open(url())) {
            h.add(HistoryFixtures.run("fixture-run-a", T0, "fixture-host", 1.0));
        }
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            dropVersion4Columns(s);
            s.executeUpdate("UPDATE jb_schema_version SET version = 3");
        }
        RunResult added = HistoryFixtures.run("fixture-run-b", T0.plusSeconds(3600), "other-host", 2.0);
        try (ResultsHistory h = ResultsHistory.open(url())) {
            Trend t = h.trend(ReportFixtures.SMALL, ReportFixtures.RETRIEVAL, Metric.J_PER_QUERY);
            assertEquals(0.05, t.points().get(0).value(), 1e-12, "the old row's figures are still read");
            assertTrue(h.add(added));
            List<ResultsHistory.StoredRun> all = h.select(new ResultsHistory.Selection(null, null, null));
            assertEquals(2, all.size());
            assertNull(all.get(0).result(), "a run added under version 3 has no results.json");
            RunResult back = all.get(1).result();
            assertEquals(added.results(), back.results(), "every row with every figure comes back");
            assertEquals(added.host(), back.host());
            assertEquals(added.meters(), back.meters());
            assertEquals(List.of("fixture-run-b"), h.select(new ResultsHistory.Selection(null, null,
                    List.of("other-host"))).stream().map(r -> r.run().runId()).toList());
            assertEquals(List.of("fixture-run-b"), h.select(new ResultsHistory.Selection(null, T0.plusSeconds(1), null))
                    .stream().map(r -> r.run().runId()).toList());
            assertEquals(List.of(), h.select(new ResultsHistory.Selection("no-such-suite", null, null)));
        }
        assertEquals(Schema.VERSION, count("SELECT MAX(version) FROM jb_schema_version"));
        assertEquals(added.results().get(0).energy().boundary(),
                string("SELECT MIN(x.boundary) FROM jb_result x JOIN jb_run r ON r.run_key = x.run_key "
                        + "WHERE r.run_id = 'fixture-run-b'"));
    }

    @Test
    void theColumnsFollowTheMetrics() {
        assertEquals(Arrays.stream(Metric.values()).map(Metric::id).toList(), Schema.METRICS);
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

    private String string(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
