package org.joulebench.reports.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.joulebench.harness.HostFingerprint;
import org.joulebench.harness.HostInfo;
import org.joulebench.harness.InputException;
import org.joulebench.harness.Metric;
import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.RunInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.HistoryRun;
import org.joulebench.reports.ResultsHistory;
import org.joulebench.reports.Trend;

/** A history in any JDBC database, through plain portable SQL (see {@link Schema}). */
final class JdbcHistory implements ResultsHistory {

    private final Connection connection;
    private final String location;

    JdbcHistory(Connection connection, String location) {
        this.connection = connection;
        this.location = location;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public boolean add(RunResult result) throws InputException {
        RunInfo run = result.run();
        if (run == null || run.id() == null || run.start() == null) {
            throw new InputException("the result has no run id or start time", "add the results.json of a finished run");
        }
        Set<List<String>> seen = new HashSet<>();
        for (TaskModelResult r : result.results()) {
            if (!seen.add(key(r))) {
                throw new InputException("run " + run.id() + " holds two results of task " + r.task() + ", model "
                        + r.model() + " on " + r.backend() + " (" + device(r) + ")"
                        + (r.concurrency() == null ? "" : " at concurrency " + r.concurrency()),
                        "add a results.json as Joulebench wrote it");
            }
        }
        String runKey = RunRows.runKey(result);
        String json = RunRows.json(result);
        try {
            connection.setAutoCommit(false);
            try {
                if (holds(runKey, result)) {
                    connection.rollback();
                    return false;
                }
                insertRun(runKey, result, json);
                for (TaskModelResult r : result.results()) {
                    insertResult(runKey, r, RunRows.modelSha256(result.models(), r.model()));
                }
                connection.commit();
                return true;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed("could not add run " + run.id(), e);
        }
    }

    private static List<String> key(TaskModelResult r) {
        return List.of(String.valueOf(r.task()), String.valueOf(r.model()), String.valueOf(r.backend()), device(r),
                String.valueOf(r.concurrency()));
    }

    private static String device(TaskModelResult r) {
        return r.device() == null ? "" : r.device();
    }

    /**
     * Whether the history holds this run: by its key, or by the columns the key is made of (a row written before
     * schema version 3 keeps the key its old fingerprint gave, and its fingerprint column was migrated).
     */
    private boolean holds(String runKey, RunResult result) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT 1 FROM jb_run WHERE run_key = ? OR (run_id = ? "
                + "AND started_at = ? AND COALESCE(host_name, '') = ? AND host_fingerprint = ?)")) {
            p.setString(1, runKey);
            p.setString(2, result.run().id());
            p.setString(3, result.run().start().toString());
            p.setString(4, RunRows.hostName(result.host()));
            p.setString(5, HostFingerprint.of(result.host()));
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void insertRun(String runKey, RunResult result, String json) throws SQLException {
        RunInfo run = result.run();
        HostInfo h = result.host();
        RunInfo.SuiteInfo suite = run.suite();
        String sql = "INSERT INTO jb_run (run_key, run_id, started_at, started_ms, ended_at, joulebench_version, seed, "
                + "host_name, host_fingerprint, cpu_vendor, cpu_model, microarchitecture, physical_cores, logical_cpus, "
                + "memory_bytes, os, kernel, jvm, gpus, virtualisation, suite_name, suite_version, suite_sha256, added_at, "
                + "result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            int i = 0;
            p.setString(++i, runKey);
            p.setString(++i, run.id());
            p.setString(++i, run.start().toString());
            p.setLong(++i, run.start().toEpochMilli());
            p.setString(++i, run.end() == null ? null : run.end().toString());
            p.setString(++i, run.version());
            p.setLong(++i, run.seed());
            p.setString(++i, h == null ? null : h.hostname());
            p.setString(++i, HostFingerprint.of(h));
            p.setString(++i, h == null ? null : h.cpuVendor());
            p.setString(++i, h == null ? null : h.cpuModel());
            p.setString(++i, h == null ? null : h.microarchitecture());
            setInt(p, ++i, h == null ? null : h.physicalCores());
            setInt(p, ++i, h == null ? null : h.logicalCpus());
            if (h == null) {
                p.setNull(++i, Types.BIGINT);
            } else {
                p.setLong(++i, h.memoryBytes());
            }
            p.setString(++i, h == null ? null : h.os());
            p.setString(++i, h == null ? null : h.kernel());
            p.setString(++i, h == null ? null : h.jvm());
            p.setString(++i, h == null ? null : String.join(", ", h.gpus()));
            p.setString(++i, h == null ? null : h.virtualisation());
            p.setString(++i, suite == null ? null : suite.name());
            p.setString(++i, suite == null ? null : suite.version());
            p.setString(++i, suite == null ? null : suite.sha256());
            p.setString(++i, Instant.now().toString());
            p.setString(++i, json);
            p.executeUpdate();
        }
    }

    private void insertResult(String runKey, TaskModelResult r, String modelSha256) throws SQLException {
        Map<String, Metric.Figure> figures = RunRows.figures(r);
        StringBuilder columns = new StringBuilder("run_key, task, model, backend, device, concurrency, model_precision, "
                + "model_sha256, meter, method, relative_uncertainty, queries, repetitions, accuracy_metric, boundary");
        int n = 15;
        for (String m : figures.keySet()) {
            columns.append(", ").append(m).append(", ").append(m).append("_lo, ").append(m).append("_hi");
            n += 3;
        }
        String sql = "INSERT INTO jb_result (" + columns + ") VALUES (" + "?, ".repeat(n - 1) + "?)";
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            TaskModelResult.EnergyResult e = r.energy();
            int i = 0;
            p.setString(++i, runKey);
            p.setString(++i, r.task());
            p.setString(++i, r.model());
            p.setString(++i, r.backend());
            p.setString(++i, device(r));
            setInt(p, ++i, r.concurrency());
            p.setString(++i, r.precision());
            p.setString(++i, modelSha256);
            p.setString(++i, e == null ? null : e.meter());
            p.setString(++i, e == null ? null : e.method());
            setDouble(p, ++i, e == null ? null : e.relativeUncertainty());
            p.setInt(++i, r.queries());
            p.setInt(++i, r.repetitions());
            p.setString(++i, r.accuracy() == null ? null : r.accuracy().metric());
            p.setString(++i, e == null ? null : e.boundary());
            for (Metric.Figure f : figures.values()) {
                setDouble(p, ++i, f.value());
                setDouble(p, ++i, f.lo());
                setDouble(p, ++i, f.hi());
            }
            p.executeUpdate();
        }
    }

    @Override
    public List<HistoryRun> runs() throws InputException {
        return List.copyOf(keyed().values());
    }

    /** Every run by its key, oldest first. */
    private Map<String, HistoryRun> keyed() throws InputException {
        String sql = "SELECT r.run_id, r.started_at, r.host_name, r.host_fingerprint, r.suite_name, r.suite_version, "
                + "r.suite_sha256, (SELECT COUNT(*) FROM jb_result x WHERE x.run_key = r.run_key), r.run_key "
                + "FROM jb_run r ORDER BY r.started_ms, r.run_id";
        Map<String, HistoryRun> out = new LinkedHashMap<>();
        try {
            Map<String, List<Integer>> levels = new HashMap<>();
            try (PreparedStatement p = connection.prepareStatement("SELECT DISTINCT run_key, concurrency FROM jb_result "
                    + "WHERE concurrency IS NOT NULL ORDER BY run_key, concurrency"); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    levels.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getInt(2));
                }
            }
            try (PreparedStatement p = connection.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String suite = rs.getString(5) == null ? null
                            : rs.getString(5) + (rs.getString(6) == null ? "" : "@" + rs.getString(6));
                    out.put(rs.getString(9), new HistoryRun(rs.getString(1), Instant.parse(rs.getString(2)), rs.getString(3),
                            rs.getString(4), suite, rs.getString(7), rs.getInt(8),
                            levels.getOrDefault(rs.getString(9), List.of())));
                }
            }
        } catch (SQLException e) {
            throw failed("could not list the runs", e);
        }
        return out;
    }

    @Override
    public List<StoredRun> select(Selection selection) throws InputException {
        Map<String, String> json = new HashMap<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT run_key, result_json FROM jb_run");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                json.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw failed("could not read the runs", e);
        }
        List<StoredRun> out = new ArrayList<>();
        for (Map.Entry<String, HistoryRun> e : keyed().entrySet()) {
            HistoryRun run = e.getValue();
            if (!matches(run, selection)) {
                continue;
            }
            String text = json.get(e.getKey());
            try {
                out.add(new StoredRun(run, text == null ? null
                        : ResultCodec.read(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))));
            } catch (IOException x) {
                throw new InputException("run " + run.runId() + " in the results history at " + location
                        + " holds a results.json this Joulebench cannot read: " + x.getMessage(),
                        "leave it out with --since or --hosts, or use the Joulebench that added it", x);
            }
        }
        return out;
    }

    private static boolean matches(HistoryRun run, Selection s) {
        if (s.suite() != null && run.suite() != null) {
            String name = run.suite().contains("@") ? run.suite().substring(0, run.suite().lastIndexOf('@')) : run.suite();
            if (!s.suite().equals(name) && !s.suite().equals(run.suite())) {
                return false;
            }
        } else if (s.suite() != null) {
            return false;
        }
        if (s.since() != null && run.start().isBefore(s.since())) {
            return false;
        }
        return s.hosts().isEmpty() || s.hosts().contains(run.host());
    }

    @Override
    public Trend trend(String model, String task, Metric metric, Integer concurrency) throws InputException {
        String m = metric.id();
        try {
            List<Integer> held = levels(model, task);
            Integer level = level(model, task, held, concurrency);
            if (level != null && metric == Metric.J_PER_GENERATED_TOKEN) {
                throw new InputException("the serving scenario records no " + m + " (its decode is not metered apart)",
                        "use --metric j_per_token: for a serving level it holds the steady-state J per output token");
            }
            String sql = "SELECT r.run_id, r.started_at, r.host_name, r.host_fingerprint, x.backend, x.device, x.meter, "
                    + "x.method, x." + m + ", x." + m + "_lo, x." + m + "_hi, x.model_sha256, x.accuracy_metric "
                    + "FROM jb_result x JOIN jb_run r ON r.run_key = x.run_key "
                    + "WHERE x.model = ? AND x.task = ? AND " + (level == null ? "x.concurrency IS NULL" : "x.concurrency = ?")
                    + " ORDER BY r.started_ms, r.run_id, x.backend, x.device";
            List<Trend.Point> points = new ArrayList<>();
            try (PreparedStatement p = connection.prepareStatement(sql)) {
                p.setString(1, model);
                p.setString(2, task);
                if (level != null) {
                    p.setInt(3, level);
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        points.add(new Trend.Point(rs.getString(1), Instant.parse(rs.getString(2)), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                getDouble(rs, 9), getDouble(rs, 10), getDouble(rs, 11), rs.getString(12),
                                metric == Metric.ACCURACY ? rs.getString(13) : null));
                    }
                }
            }
            return new Trend(model, task, metric, level, held.stream().filter(Objects::nonNull).toList(), points);
        } catch (SQLException e) {
            throw failed("could not read the trend of " + model + " on " + task, e);
        }
    }

    /** The levels the history holds of {@code model} on {@code task}: null for the single scenario, then 1, 2, … */
    private List<Integer> levels(String model, String task) throws SQLException, InputException {
        List<Integer> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT DISTINCT concurrency FROM jb_result WHERE model = ? AND task = ?")) {
            p.setString(1, model);
            p.setString(2, task);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    int v = rs.getInt(1);
                    out.add(rs.wasNull() ? null : v);
                }
            }
        }
        if (out.isEmpty()) {
            throw nothingFor(model, task);
        }
        out.sort(Comparator.nullsFirst(Comparator.naturalOrder()));
        return out;
    }

    /**
     * Which level a trend shows: {@code asked} where the history holds it; without one, the single scenario, or
     * the one serving level where that is all there is. Anything else is bad input, with the levels held.
     */
    private Integer level(String model, String task, List<Integer> held, Integer asked) throws InputException {
        List<Integer> serving = held.stream().filter(Objects::nonNull).toList();
        String of = " of " + model + " on " + task;
        if (asked == null) {
            if (held.contains(null)) {
                return null;
            }
            if (serving.size() == 1) {
                return serving.get(0);
            }
            throw new InputException("the results history at " + location + " holds serving-scenario results" + of
                    + " at concurrency " + joined(serving) + ", and no single-scenario ones",
                    "pick a level with --concurrency N (one of " + joined(serving) + ")");
        }
        if (serving.isEmpty()) {
            throw new InputException("--concurrency " + asked + " applies to the serving scenario, and the results "
                    + "history at " + location + " holds only single-scenario results" + of, "leave out --concurrency");
        }
        if (!serving.contains(asked)) {
            throw new InputException("the results history at " + location + " has no results" + of
                    + " at concurrency " + asked, "its levels: " + joined(serving)
                    + (held.contains(null) ? "; leave out --concurrency for the single scenario" : ""));
        }
        return asked;
    }

    private static String joined(List<Integer> levels) {
        return levels.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** Why a trend is empty, with what the history holds instead. */
    private InputException nothingFor(String model, String task) throws SQLException {
        List<String> models = distinct("SELECT DISTINCT model FROM jb_result ORDER BY model", null);
        if (models.isEmpty()) {
            return new InputException("the results history at " + location + " holds no runs",
                    "add one with `joulebench history add out/<run-id>`");
        }
        if (!models.contains(model)) {
            return new InputException("the results history at " + location + " has no model '" + model + "'",
                    "its models: " + String.join(", ", models));
        }
        List<String> tasks = distinct("SELECT DISTINCT task FROM jb_result WHERE model = ? ORDER BY task", model);
        return new InputException("the results history at " + location + " has no results of " + model
                + " on task '" + task + "'", "its tasks for " + model + ": " + String.join(", ", tasks));
    }

    private List<String> distinct(String sql, String parameter) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            if (parameter != null) {
                p.setString(1, parameter);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    @Override
    public Path writeChart(Trend trend, Path png) throws IOException {
        return TrendChart.write(trend, png);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("could not close the results history at " + location + ": " + e.getMessage(), e);
        }
    }

    private InputException failed(String what, SQLException e) {
        return new InputException(what + " in the results history at " + location + ": " + e.getMessage(),
                "check that the database is reachable and writable", e);
    }

    private static Double getDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static void setDouble(PreparedStatement p, int i, Double v) throws SQLException {
        if (v == null || !Double.isFinite(v)) {
            p.setNull(i, Types.DOUBLE);
        } else {
            p.setDouble(i, v);
        }
    }

    private static void setInt(PreparedStatement p, int i, Integer v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.INTEGER);
        } else {
            p.setInt(i, v);
        }
    }
}
