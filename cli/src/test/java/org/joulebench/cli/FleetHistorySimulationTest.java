package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.joulebench.harness.PowerTrace;
import org.joulebench.harness.RunResult;
import org.joulebench.reports.ResultsHistory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * A fleet on one machine: three worker processes ({@link FleetWorker}), each with a host identity of its own and a
 * powercap tree of its own whose package counter this test raises at 15 W, 30 W and 60 W ({@link FakeCounterFeed}),
 * run a short suite at the same time with the real RAPL meter on their tree, and each adds its run to one SQLite
 * file and, where {@value #POSTGRES} names one, to one PostgreSQL database, all three writing at once.
 * {@code report --history} then reports every host from each history, ranked by energy per query, and the power
 * each host's trace saw during its measured passes stands as 1 : 2 : 4 within 5 %.
 *
 * <p>The bound the power relies on. The feed derives each counter value from {@link System#nanoTime()}, the clock
 * the workers' meters and samplers read (one monotonic clock for every process of the machine), so a feed held up
 * loses no energy: it shows it late, by the time since its last write. The average power is taken over whole
 * stretches of measured passes (the sampler's points weighted by their interval: energy over time, never per
 * query), so each stretch is off by at most that lateness at either end, and the relative error is at most
 * 2 × stretches × lateness / measured time: with 2 stretches and about 5 s of measured passes per host, 5 % allows
 * 30 ms of lateness at a stretch's ends on both hosts of a ratio. The trees live in memory ({@code /dev/shm} where
 * there is one, as sysfs does): on this machine's disk a write of the feed waited up to 0.5 s for the journal while
 * the workers wrote their models and histories; in memory its lateness is the time the feed's thread waits for a
 * core, a few milliseconds around the passes (at most 24-69 ms over a whole run here, start-up included), and the
 * ratios came out within 0.1 %. (Measured passes of 0.1 s, as an in-process version of this test had, and a feed
 * in the measuring process put the 30 W host at 1.8× the 15 W one.)
 *
 * <p>What the ranking relies on. Energy per query is power × time per query, so the hosts must run their queries
 * equally fast: the workers begin their measured passes together ({@link FleetWorker}'s barrier) and share one CPU
 * ({@code taskset}, where there is one), which the kernel divides evenly between them. Left to spread over two
 * cores, one worker often had a core to itself and ran its queries up to 1.6 times as fast as another, and the 30 W
 * host ranked below the 15 W one; pinned, the three measured their passes in the same time within 1 %.
 */
class FleetHistorySimulationTest {

    static final String POSTGRES = "JOULEBENCH_TEST_POSTGRES_URL";
    static final String MODEL = "all-minilm-l6-v2-q";
    /** Points per second in each worker's power trace. */
    static final double SAMPLE_HZ = 20;
    static final int LIMIT = 60;
    static final int REPETITIONS = 2;
    private static final double[] WATTS = {15, 30, 60};
    /** Generous: the three workers, side by side on one core, take about 30 s here. */
    private static final Duration WORKER_TIMEOUT = Duration.ofMinutes(3);
    private static final Path TASKSET = Path.of("/usr/bin/taskset");

    @TempDir
    static Path dir;
    /** The workers' powercap trees, in memory where the machine has a tmpfs (see the class comment). */
    @TempDir(factory = InMemory.class)
    static Path sysfs;

    private static String sqlite;
    private static String postgres;
    private static String postgresSchema;
    private static String suffix;
    private static List<Duration> gaps;

    @BeforeAll
    static void runFleet() throws Exception {
        suffix = Long.toHexString(System.currentTimeMillis());
        sqlite = ResultsHistory.sqliteUrl(dir.resolve("fleet.db"));
        List<String> urls = new ArrayList<>(List.of(sqlite));
        String server = System.getenv(POSTGRES);
        if (server != null && !server.isBlank()) {
            postgresSchema = "jb_fleet_" + suffix;
            try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + postgresSchema);
            }
            postgres = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + postgresSchema;
            urls.add(postgres);
        }
        List<FakeCounterFeed> feeds = new ArrayList<>();
        List<Process> workers = new ArrayList<>();
        try {
            for (int i = 0; i < WATTS.length; i++) {
                Path root = powercap(i);
                feeds.add(FakeCounterFeed.start(root.resolve("intel-rapl:0"), "package-0", WATTS[i], 1_000_000,
                        262_143_328_850L));
            }
            Files.createDirectories(dir.resolve("barrier"));
            for (int i = 0; i < WATTS.length; i++) {
                workers.add(start(i, urls));
            }
            awaitAll(workers);
        } finally {
            workers.forEach(Process::destroyForcibly);
            gaps = new ArrayList<>();
            for (FakeCounterFeed f : feeds) {
                f.close();
                gaps.add(f.largestGap());
            }
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (postgresSchema != null) {
            try (Connection c = DriverManager.getConnection(System.getenv(POSTGRES)); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + postgresSchema + " CASCADE");
            }
        }
    }

    private static String host(int i) {
        return "sim-node-" + i;
    }

    private static Path powercap(int i) {
        return sysfs.resolve("host-" + i).resolve("powercap");
    }

    /**
     * The first CPU this JVM may run on, where {@code taskset} can pin the workers to it; empty elsewhere (the workers
     * then run where the scheduler puts them).
     */
    private static Optional<String> oneCpu() {
        if (!Files.isExecutable(TASKSET)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .map(l -> l.substring("Cpus_allowed_list:".length()).strip().split("[,-]")[0]).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A folder in {@code /dev/shm} where it is a writable folder (Linux), else in the default temporary folder. */
    static final class InMemory implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "junit")
                    : Files.createTempDirectory("junit");
        }
    }

    /** Worker {@code i} in a JVM of its own, with this JVM's java and class path; its output in its folder. */
    private static Process start(int i, List<String> urls) throws IOException {
        Path home = Files.createDirectories(dir.resolve("host-" + i));
        List<String> cmd = new ArrayList<>(oneCpu().map(cpu -> List.of(TASKSET.toString(), "-c", cpu)).orElse(List.of()));
        cmd.addAll(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Djava.awt.headless=true", "--add-modules", "jdk.incubator.vector",
                "-XX:ErrorFile=" + home.resolve("hs_err_pid%p.log"),
                "-cp", System.getProperty("java.class.path"), FleetWorker.class.getName(),
                host(i), powercap(i).toString(), "sim-run-" + suffix + "-" + i, Integer.toString(LIMIT),
                Integer.toString(REPETITIONS), home.resolve("out").toString(), dir.resolve("barrier").toString(),
                Integer.toString(WATTS.length)));
        cmd.addAll(urls);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                .redirectOutput(home.resolve("stdout.txt").toFile()).redirectError(home.resolve("stderr.txt").toFile());
        pb.environment().put("ORT_DISABLE_TELEMETRY", "1"); // as the joulebench launcher sets it
        return pb.start();
    }

    /**
     * Waits for every worker, as each exits; fails at the first that fails (the others are then stopped), with its
     * exit status, the end of its stderr and any crash log.
     */
    private static void awaitAll(List<Process> workers) throws Exception {
        long deadline = System.nanoTime() + WORKER_TIMEOUT.toNanos();
        Map<Integer, CompletableFuture<Process>> running = new TreeMap<>();
        for (int i = 0; i < workers.size(); i++) {
            running.put(i, workers.get(i).onExit());
        }
        while (!running.isEmpty()) {
            try {
                CompletableFuture.anyOf(running.values().toArray(CompletableFuture[]::new))
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                StringBuilder late = new StringBuilder();
                for (int i : running.keySet()) {
                    late.append("\nworker ").append(i).append(": ").append(tail(dir.resolve("host-" + i)));
                }
                fail("workers still running after " + WORKER_TIMEOUT + ":" + late);
            }
            for (int i : List.copyOf(running.keySet())) {
                if (running.get(i).isDone()) {
                    int status = running.remove(i).get().exitValue();
                    if (status != 0) {
                        fail("worker " + i + " exited with status " + status + ": " + tail(dir.resolve("host-" + i)));
                    }
                }
            }
        }
    }

    private static String tail(Path home) throws IOException {
        String err = JoulebenchProcess.read(home.resolve("stderr.txt"));
        StringBuilder s = new StringBuilder(err.length() > 3000 ? err.substring(err.length() - 3000) : err);
        try (Stream<Path> files = Files.list(home)) {
            for (Path crash : files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList()) {
                s.append("\n").append(crash.getFileName()).append(":\n")
                        .append(Files.readString(crash), 0, (int) Math.min(4000, Files.size(crash)));
            }
        }
        return s.toString();
    }

    @Test
    void threeWorkerProcessesInOneSqliteHistoryAreReportedAndRankedByPower() throws Exception {
        check(sqlite, dir.resolve("fleet.db").toString(), "report-sqlite");
    }

    @Test
    void threeWorkerProcessesInOnePostgresHistoryAreReportedAndRankedByPower() throws Exception {
        Assumptions.assumeTrue(postgres != null, POSTGRES + " is not set: no PostgreSQL to test on");
        check(postgres, postgres, "report-postgres");
    }

    private void check(String url, String history, String name) throws Exception {
        List<RunResult> runs = stored(url);
        assertEquals(List.of(host(0), host(1), host(2)), runs.stream().map(r -> r.host().hostname()).toList(),
                "every worker's run is in the history");
        Map<String, Map<String, Double>> perTask = report(history, name);
        Power base = measuredPower(runs.get(0));
        for (int i = 0; i < runs.size(); i++) {
            Power p = measuredPower(runs.get(i));
            assertEquals(WATTS[i] / WATTS[0], p.watts() / base.watts(), 0.05 * WATTS[i] / WATTS[0],
                    host(i) + "'s power during the measured passes (" + p + ") against " + host(0) + "'s (" + base
                            + "); the feeds' largest lateness over the whole run: " + gaps);
        }
        assertEquals(2, perTask.size(), "both tasks of the suite are reported: " + perTask);
        perTask.forEach((task, jPerQuery) -> assertEquals(List.of(host(0), host(1), host(2)),
                jPerQuery.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList(),
                "in " + task + " the 15 W host spends least per query and the 60 W host most: " + jPerQuery));
    }

    /**
     * {@code report --history} into a folder, as a user runs it; per task, each host's net J/query from report.csv
     * (net = gross here: the workers measure no idle baseline).
     */
    private static Map<String, Map<String, Double>> report(String history, String name) throws Exception {
        Path out = dir.resolve(name);
        CliRunner.Outcome o = CliRunner.run("report", "--history", history, "--suite", "default", "--out",
                out.toString());
        assertEquals(0, o.status(), o.err());
        String md = Files.readString(out.resolve("report.md"));
        for (int i = 0; i < WATTS.length; i++) {
            assertTrue(md.contains(host(i)), "the report names " + host(i));
        }
        List<String> lines = Files.readAllLines(out.resolve("report.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int host = header.indexOf("host");
        int task = header.indexOf("task");
        int net = header.indexOf("j_per_query_net");
        Map<String, Map<String, Double>> perTask = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertTrue(!f[net].isEmpty(), "every row has its J/query: " + line);
            Double was = perTask.computeIfAbsent(f[task], t -> new LinkedHashMap<>())
                    .put(f[host], Double.parseDouble(f[net]));
            assertEquals(null, was, "one row per task and host: " + line);
        }
        return perTask;
    }

    /**
     * The mean power of the package during the measured passes, with what the check needs to explain a miss: the
     * energy of the sampler's points whose interval lies within one stretch of measured passes, over the time they
     * cover.
     */
    private static Power measuredPower(RunResult r) {
        PowerTrace t = r.powerTrace();
        List<double[]> stretches = stretches(t.phases());
        PowerTrace.Series s = t.series().stream().filter(x -> "CPU_PACKAGE".equalsIgnoreCase(x.domain()))
                .findFirst().orElseThrow(() -> new AssertionError("no package series in " + t.series()));
        double joules = 0;
        double seconds = 0;
        for (int k = 1; k < s.seconds().size(); k++) {
            double from = s.seconds().get(k - 1);
            double to = s.seconds().get(k);
            if (stretches.stream().anyMatch(x -> x[0] <= from && to <= x[1])) {
                joules += s.watts().get(k) * (to - from);
                seconds += to - from;
            }
        }
        assertTrue(seconds >= 1, r.host().hostname() + " has " + seconds + " s of measured passes in its trace");
        return new Power(joules / seconds, seconds, stretches.size());
    }

    /** Mean watts over {@code seconds} of measured passes in {@code stretches} stretches. */
    private record Power(double watts, double seconds, int stretches) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.3f W over %.2f s in %d stretches", watts, seconds,
                    stretches);
        }
    }

    /** The measured passes' phases ({@code TASK · repetition N · …}), those that follow on each other joined. */
    private static List<double[]> stretches(List<PowerTrace.Phase> phases) {
        List<double[]> out = new ArrayList<>();
        phases.stream().filter(p -> p.name().contains(" · repetition ")).sorted(Comparator.comparingDouble(
                PowerTrace.Phase::startS)).forEach(p -> {
                    double[] last = out.isEmpty() ? null : out.get(out.size() - 1);
                    if (last != null && p.startS() - last[1] < 1e-6) {
                        last[1] = p.endS();
                    } else {
                        out.add(new double[] {p.startS(), p.endS()});
                    }
                });
        return out;
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
