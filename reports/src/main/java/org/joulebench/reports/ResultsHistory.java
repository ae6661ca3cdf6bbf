package org.joulebench.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.joulebench.harness.InputException;
import org.joulebench.harness.Metric;
import org.joulebench.harness.RunResult;

/**
 * Results of many runs in one database, for trends over time. Embedded by default: an SQLite file,
 * {@value #DEFAULT_FILE} in the working directory. Any JDBC URL whose driver is on the class path works
 * (PostgreSQL's is shipped), so a team can share one store: the SQL is plain and portable, the schema is
 * created if absent and carries a version table.
 *
 * <p>Per run the history keeps its id, start and end, the Joulebench version, the host (name, CPU, cores,
 * memory, OS, kernel, JVM, GPUs, virtualisation) with its {@link org.joulebench.harness.HostFingerprint} (the
 * same value report.csv carries: hardware and OS family, not the name, kernel or JVM), and the suite's name, version and sha256. Per task × model × backend × device × concurrency
 * level (none for the single scenario; one per level for the serving scenario) it keeps net J/query, J/input
 * token and J/generated token, tokens/s and the task metric, each with its 95% interval, and the meter, its
 * method and relative uncertainty, and the model file's sha256. A serving level's J/query and J/token are its
 * steady-state J per response and J per output token, its tokens/s its steady-state output tokens/s.
 *
 * <p>Adding is idempotent: a run is known by its id, start, host name and host fingerprint, and adding a run the
 * history already holds changes nothing.
 */
public interface ResultsHistory extends AutoCloseable {

    /** The default store's file name, in the working directory. */
    String DEFAULT_FILE = "joulebench-history.db";

    /** The environment variable that names the default store's JDBC URL instead. */
    String URL_VARIABLE = "JOULEBENCH_HISTORY_URL";

    /** The JDBC URL of an SQLite file. */
    static String sqliteUrl(Path file) {
        return "jdbc:sqlite:" + file;
    }

    /** {@value #URL_VARIABLE} from {@code environment} where set and not blank, else {@value #DEFAULT_FILE}. */
    static String defaultUrl(Map<String, String> environment) {
        String url = environment.get(URL_VARIABLE);
        return url == null || url.isBlank() ? sqliteUrl(Path.of(DEFAULT_FILE)) : url.trim();
    }

    /**
     * Opens the history at {@code jdbcUrl}, creating its tables if absent.
     *
     * @throws InputException when it cannot be reached (no driver for the URL, a folder that does not
     *                        exist, a server that does not answer) or was written by a newer Joulebench
     */
    static ResultsHistory open(String jdbcUrl) throws InputException {
        for (HistoryBackend backend : ServiceLoader.load(HistoryBackend.class, ResultsHistory.class.getClassLoader())) {
            return backend.open(jdbcUrl);
        }
        throw new IllegalStateException("no " + HistoryBackend.class.getName() + " on the class path: "
                + "the reports jar is incomplete");
    }

    /** Where this history lives: its JDBC URL with any password left out. */
    String location();

    /**
     * Stores {@code result}.
     *
     * @return true when stored; false when the history already held this run (nothing changes)
     */
    boolean add(RunResult result) throws InputException;

    /** Every run, oldest first. */
    List<HistoryRun> runs() throws InputException;

    /**
     * Which runs a report from the history shows: every criterion given must hold (null or empty: any).
     *
     * @param suite a suite's name, or name@version
     * @param since the earliest start
     * @param hosts host names
     */
    record Selection(String suite, Instant since, List<String> hosts) {
        public Selection {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
        }
    }

    /**
     * A run the history holds as a whole, for a report.
     *
     * @param run    as {@link #runs()} lists it
     * @param result its results.json as it was added (without the per-query records); null for a run added before
     *               the history kept it (schema version 4), which only its summary columns describe
     */
    record StoredRun(HistoryRun run, RunResult result) {
    }

    /** The runs that match {@code selection}, oldest first. */
    List<StoredRun> select(Selection selection) throws InputException;

    /**
     * One metric of {@code model} on {@code task} over time, of the single scenario, or of the one serving level
     * the history holds where it holds no single-scenario result (see {@link #trend(String, String, Metric,
     * Integer)}).
     */
    default Trend trend(String model, String task, Metric metric) throws InputException {
        return trend(model, task, metric, null);
    }

    /**
     * One metric of {@code model} on {@code task} over time, at one serving {@code concurrency} level; null for
     * the single scenario, or where the history holds no single-scenario result but one serving level, for that.
     *
     * @throws InputException when the history holds no result of that model or of that task for it; when it
     *                        holds several serving levels and no single-scenario result and no level is given;
     *                        when a level is given that it does not hold (or it holds no serving results); and
     *                        for {@link Metric#J_PER_GENERATED_TOKEN} at a serving level, which does not
     *                        record it. The fix lists what it holds.
     */
    Trend trend(String model, String task, Metric metric, Integer concurrency) throws InputException;

    /**
     * Draws {@code trend} as a PNG time chart: one series per backend and method (and host, where the trend
     * spans several), each point with its 95% interval.
     *
     * @return {@code png}
     */
    Path writeChart(Trend trend, Path png) throws IOException;

    @Override
    void close();
}
