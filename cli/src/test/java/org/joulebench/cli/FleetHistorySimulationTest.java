package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.BenchmarkRun;
import org.joulebench.harness.HostInfo;
import org.joulebench.harness.MeterOpener;
import org.joulebench.harness.PowerTrace;
import org.joulebench.harness.RunConfig;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.MeterInfo;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterSet;
import org.joulebench.meters.Method;
import org.joulebench.meters.Power;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;
import org.joulebench.reports.ResultsHistory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet on one machine: three simulated hosts, each with its own host facts and a simulated CPU package meter on
 * the run's clock drawing 15 W, 30 W and 60 W, run a short suite and add their runs to one results history (SQLite, and PostgreSQL where
 * {@value #POSTGRES} names one); {@code report --history} then reports every host. The runs are in-process and one
 * after another. (A fake powercap tree fed by a thread was tried first: on two busy cores its counter lagged the
 * measured passes, which last about 0.1 s here, by enough to put the 30 W host at 1.8× the 15 W one.)
 */
class FleetHistorySimulationTest {

    static final String POSTGRES = "JOULEBENCH_TEST_POSTGRES_URL";
    private static final double[] WATTS = {15, 30, 60};
    /** Fast enough that the short measured passes hold tens of samples. */
    private static final double SAMPLE_HZ = 200;

    @TempDir
    Path dir;

    private static HostInfo host(int i) {
        return new HostInfo("sim-node-" + i, "SimVendor", "Sim CPU " + i, "sim", 2, 2, (long) (i + 1) << 30,
                "Linux", "6.1", "sim jvm", List.of(), "none detected");
    }

    /** Runs the three hosts, each adding its run to every history in {@code urls}. */
    private void runFleet(List<String> urls) throws Exception {
        for (int i = 0; i < WATTS.length; i++) {
            RunConfig config = new RunConfig("default", List.of("all-minilm-l6-v2-q"), null, 4, 2, 1, 0.2, "sim-rapl",
                    MeterConfig.system().withSampleHz(SAMPLE_HZ), 1, 7, "sim-run-" + i, "test");
            HostInfo host = host(i);
            Ticker clock = System::nanoTime;
            RunResult r = BenchmarkRun.builder(config).clock(clock).hostProbe(() -> host)
                    .meters(new SimulatedPackage(WATTS[i], clock)).execute();
            for (String url : urls) {
                try (ResultsHistory h = ResultsHistory.open(url)) {
                    assertTrue(h.add(r));
                }
            }
        }
    }

    /**
     * A CPU package meter on the run's clock drawing a fixed power: each window's energy is its duration on that
     * clock times the power, as a RAPL counter of a package at that steady draw would read.
     */
    private record SimulatedPackage(double watts, Ticker clock) implements MeterOpener, Meter {
        @Override public MeterSet open(String meter, MeterConfig config, List<String> warnings) {
            return MeterSet.of(List.of(this));
        }

        @Override public List<MeterInfo> describe(MeterSet used, MeterConfig config) {
            return List.of(new MeterInfo(id(), "COUNTER", List.of("CPU_PACKAGE"), "used",
                    "a simulated package", null, boundary(), Map.of()));
        }

        @Override public String id() { return "sim-rapl"; }
        @Override public Method method() { return Method.COUNTER; }
        @Override public List<Domain> domains() { return List.of(Domain.CPU_PACKAGE); }
        @Override public String boundary() { return "CPU package (simulated)"; }
        @Override public Map<String, Object> details() { return Map.of(); }
        @Override public void close() { }

        /** What the sampler polls: the package's power, as a counter read twice on the run's clock would give. */
        @Override
        public Map<Domain, Power> poll() {
            return Map.of(Domain.CPU_PACKAGE, Power.ofWatts(watts));
        }

        @Override
        public Window begin(String label) {
            long start = clock.nanoTime();
            return new Window() {
                @Override public String label() { return label; }

                @Override
                public Measurement end() {
                    long nanos = clock.nanoTime() - start;
                    Energy e = Energy.ofJoules(watts * nanos / 1e9);
                    return new Measurement(label, Method.COUNTER, Duration.ofNanos(nanos),
                            Map.of(Domain.CPU_PACKAGE, e), e);
                }
            };
        }
    }

    /** Mean power the trace saw during the measured passes (the repetitions), warm-up, idle and setup left out. */
    private static double measuredWatts(RunResult r) {
        PowerTrace t = r.powerTrace();
        double sum = 0;
        int n = 0;
        for (PowerTrace.Series s : t.series()) {
            if (!"cpu_package".equalsIgnoreCase(s.domain())) {
                continue;
            }
            for (int k = 0; k < s.seconds().size(); k++) {
                double at = s.seconds().get(k);
                if (t.phases().stream().anyMatch(p -> p.name().contains(" · repetition ")
                        && p.startS() <= at && at <= p.endS())) {
                    sum += s.watts().get(k);
                    n++;
                }
            }
        }
        assertTrue(n >= 5, "the trace has samples in the measured passes: " + n + " " + t.phases()
                + t.series().stream().map(x -> x.domain() + " " + x.seconds().size() + " " + x.seconds().subList(0,
                Math.min(5, x.seconds().size()))).toList());
        return sum / n;
    }

    /** report --history into a folder; per host, its cpu_package gross J/query (first row) from report.csv. */
    private Map<String, Double> report(String history, String name) throws Exception {
        Path out = dir.resolve(name);
        CliRunner.Outcome o = CliRunner.run("report", "--history", history, "--suite", "default", "--out", out.toString());
        assertEquals(0, o.status(), o.err());
        List<String> lines = Files.readAllLines(out.resolve("report.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int host = header.indexOf("host");
        int gross = header.indexOf("cpu_package_j_per_query_gross");
        Map<String, Double> perHost = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (!f[gross].isEmpty()) {
                perHost.putIfAbsent(f[host], Double.parseDouble(f[gross]));
            }
        }
        String md = Files.readString(out.resolve("report.md"));
        for (int i = 0; i < WATTS.length; i++) {
            assertTrue(md.contains("sim-node-" + i), "the report names every host");
        }
        return perHost;
    }

    private void check(List<RunResult> runs, Map<String, Double> perHost) {
        assertEquals(3, perHost.size(), "every host has a gross J/query by domain: " + perHost);
        double base = measuredWatts(runs.get(0));
        for (int i = 0; i < runs.size(); i++) {
            double ratio = measuredWatts(runs.get(i)) / base;
            assertEquals(WATTS[i] / WATTS[0], ratio, 0.05 * WATTS[i] / WATTS[0],
                    "host " + i + "'s power during the measured passes against host 0's");
        }
        List<String> ranked = perHost.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).toList();
        assertEquals("sim-node-0", ranked.get(0), "the 15 W host spends least per query: " + perHost);
        assertEquals("sim-node-2", ranked.get(2), "the 60 W host spends most per query: " + perHost);
    }

    @Test
    void threeSimulatedHostsInOneSqliteHistoryAreReportedAndRankedByPower() throws Exception {
        String url = ResultsHistory.sqliteUrl(dir.resolve("fleet.db"));
        runFleet(List.of(url));
        check(stored(url), report(dir.resolve("fleet.db").toString(), "report-sqlite"));
    }

    @Test
    void threeSimulatedHostsInOnePostgresHistoryAreReportedAndRankedByPower() throws Exception {
        String postgres = System.getenv(POSTGRES);
        Assumptions.assumeTrue(postgres != null && !postgres.isBlank(), POSTGRES + " is not set: no PostgreSQL to test on");
        String schema = "jb_fleet_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(postgres); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try {
            String url = postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            runFleet(List.of(url));
            check(stored(url), report(url, "report-postgres"));
        } finally {
            try (Connection c = DriverManager.getConnection(postgres); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** The runs as the history gives them back (what the report reads), by host name. */
    private static List<RunResult> stored(String url) throws Exception {
        try (ResultsHistory h = ResultsHistory.open(url)) {
            return h.select(new ResultsHistory.Selection(null, null, null)).stream()
                    .map(ResultsHistory.StoredRun::result).sorted(Comparator.comparing(r -> r.host().hostname()))
                    .toList();
        }
    }
}
