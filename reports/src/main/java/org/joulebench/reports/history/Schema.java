package org.joulebench.reports.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.HostFingerprint;

/**
 * The history's tables, in SQL that SQLite and PostgreSQL both accept: {@code CREATE TABLE IF NOT EXISTS},
 * TEXT, BIGINT, INTEGER and DOUBLE PRECISION columns, no autoincrement, no upsert. Instants are stored as
 * ISO-8601 text and as epoch milliseconds (for ordering). {@code jb_schema_version} holds one row.
 *
 * <p>Versions: 1 keyed {@code jb_result} by run × task × model × backend × device; 2 adds the serving scenario's
 * {@code concurrency} (null for the single scenario) to the row and its key. A version-1 store is migrated in place
 * when it is opened ({@link #migrateFrom1}), in one transaction: its rows keep every figure and read as the single
 * scenario. 3 keeps the tables of 2 and holds {@link HostFingerprint} in {@code jb_run.host_fingerprint} (version 2
 * held 16 hex digits over the host's name, CPU model, logical CPUs, memory, GPUs and virtualisation, which no other
 * part of Joulebench used); {@link #migrateFrom2} recomputes it from the host columns each row has, so old rows
 * trend with new runs of the same host. Their {@code run_key} stays as written. 4 adds {@code jb_run.result_json}
 * (the run's results.json as Joulebench wrote it, without the per-query records, so that {@code report --history}
 * shows every figure the folder-based report shows) and {@code jb_result.boundary} (what the row's meter covers);
 * {@link #migrateFrom3} adds both columns, null in the rows already there: such a run is reported from its columns,
 * and the report names what they do not hold.
 */
final class Schema {

    /** The version this code writes and reads. */
    static final int VERSION = 4;

    static final List<String> METRICS = List.of("j_per_query", "j_per_token", "j_per_generated_token",
            "tokens_per_s", "accuracy");

    private Schema() {
    }

    private static List<String> ddl() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS jb_schema_version (\n  version INTEGER NOT NULL\n)",
                """
                CREATE TABLE IF NOT EXISTS jb_run (
                  run_key VARCHAR(64) NOT NULL PRIMARY KEY,
                  run_id TEXT NOT NULL,
                  started_at TEXT NOT NULL,
                  started_ms BIGINT NOT NULL,
                  ended_at TEXT,
                  joulebench_version TEXT,
                  seed BIGINT,
                  host_name TEXT,
                  host_fingerprint VARCHAR(16) NOT NULL,
                  cpu_vendor TEXT,
                  cpu_model TEXT,
                  microarchitecture TEXT,
                  physical_cores INTEGER,
                  logical_cpus INTEGER,
                  memory_bytes BIGINT,
                  os TEXT,
                  kernel TEXT,
                  jvm TEXT,
                  gpus TEXT,
                  virtualisation TEXT,
                  suite_name TEXT,
                  suite_version TEXT,
                  suite_sha256 TEXT,
                  added_at TEXT NOT NULL,
                  result_json TEXT
                )""",
                resultTable("CREATE TABLE IF NOT EXISTS jb_result"));
    }

    /** The columns a version-1 {@code jb_result} has, in order: every column of version 2 but concurrency. */
    private static List<String> version1Columns() {
        List<String> out = new ArrayList<>(List.of("run_key", "task", "model", "backend", "device", "model_precision",
                "model_sha256", "meter", "method", "relative_uncertainty", "queries", "repetitions", "accuracy_metric"));
        for (String m : METRICS) {
            out.addAll(List.of(m, m + "_lo", m + "_hi"));
        }
        return out;
    }

    /**
     * {@code jb_result} as {@code create} (e.g. {@code CREATE TABLE IF NOT EXISTS jb_result}). Its key holds
     * {@code concurrency}, which is null for the single scenario; PostgreSQL and SQLite both take NULLs in a
     * UNIQUE key as distinct, so {@link JdbcHistory#add} checks a run's keys itself before it writes.
     */
    private static String resultTable(String create) {
        return resultTable(create, true);
    }

    /** {@code jb_result} as {@code create}, with the boundary column of version 4 or without it (version 2's). */
    private static String resultTable(String create, boolean withBoundary) {
        StringBuilder metrics = new StringBuilder();
        for (String m : METRICS) {
            metrics.append("  ").append(m).append(" DOUBLE PRECISION,\n")
                    .append("  ").append(m).append("_lo DOUBLE PRECISION,\n")
                    .append("  ").append(m).append("_hi DOUBLE PRECISION,\n");
        }
        return create + " (\n"
                + "  run_key VARCHAR(64) NOT NULL REFERENCES jb_run (run_key),\n"
                + "  task TEXT NOT NULL,\n"
                + "  model TEXT NOT NULL,\n"
                + "  backend TEXT NOT NULL,\n"
                + "  device TEXT NOT NULL,\n"
                + "  concurrency INTEGER,\n"
                + "  model_precision TEXT,\n"
                + "  model_sha256 TEXT,\n"
                + "  meter TEXT,\n"
                + "  method TEXT,\n"
                + "  relative_uncertainty DOUBLE PRECISION,\n"
                + (withBoundary ? "  boundary TEXT,\n" : "")
                + "  queries INTEGER,\n"
                + "  repetitions INTEGER,\n"
                + "  accuracy_metric TEXT,\n"
                + metrics
                + "  UNIQUE (run_key, task, model, backend, device, concurrency)\n"
                + ")";
    }

    /**
     * Version 1 to 2: {@code jb_result} is rebuilt with the concurrency column and the key that holds it (a key
     * cannot be changed in place in SQLite), every row copied as the single scenario. Portable SQL only.
     */
    static void migrateFrom1(Connection c) throws SQLException {
        String columns = String.join(", ", version1Columns());
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS jb_result_v2");
            s.execute(resultTable("CREATE TABLE jb_result_v2", false));
            s.executeUpdate("INSERT INTO jb_result_v2 (" + columns + ") SELECT " + columns + " FROM jb_result");
            s.execute("DROP TABLE jb_result");
            s.execute("ALTER TABLE jb_result_v2 RENAME TO jb_result");
            s.executeUpdate("UPDATE jb_schema_version SET version = 2");
        }
    }

    /** Version 2 to 3: every run's host fingerprint recomputed from its host columns as {@link HostFingerprint}. */
    static void migrateFrom2(Connection c) throws SQLException {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT run_key, cpu_vendor, cpu_model, "
                + "microarchitecture, physical_cores, logical_cpus, memory_bytes, gpus, os, virtualisation FROM jb_run")) {
            while (rs.next()) {
                int cores = rs.getInt(5);
                boolean noHost = rs.wasNull();
                fingerprints.put(rs.getString(1), noHost ? HostFingerprint.UNKNOWN : HostFingerprint.of(rs.getString(2),
                        rs.getString(3), rs.getString(4), cores, rs.getInt(6), rs.getLong(7), rs.getString(8),
                        rs.getString(9), rs.getString(10)));
            }
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE jb_run SET host_fingerprint = ? WHERE run_key = ?")) {
            for (Map.Entry<String, String> e : fingerprints.entrySet()) {
                p.setString(1, e.getValue());
                p.setString(2, e.getKey());
                p.executeUpdate();
            }
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE jb_schema_version SET version = 3");
        }
    }

    /** Version 3 to 4: the run's results.json and the row's meter boundary, null in rows written before. */
    static void migrateFrom3(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE jb_run ADD COLUMN result_json TEXT");
            s.execute("ALTER TABLE jb_result ADD COLUMN boundary TEXT");
            s.executeUpdate("UPDATE jb_schema_version SET version = 4");
        }
    }

    /**
     * The key of the PostgreSQL advisory lock under which sessions make and migrate the tables: CREATE TABLE IF NOT
     * EXISTS is not safe against another session doing the same at once there (one fails with "duplicate key value
     * violates unique constraint pg_type_typname_nsp_index"), which is what a fleet's pods finishing together on a
     * fresh database do. ("JBHIST" in ASCII.)
     */
    static final long POSTGRES_LOCK = 0x4a4248495354L;

    /** Creates what is absent, migrates an older version in place and checks the version of what is there. */
    static void ensure(Connection c, String location) throws SQLException, SchemaException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            // SQLite needs nothing here: its connections begin with BEGIN IMMEDIATE (JdbcHistoryBackend).
            if ("PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
                try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    p.setLong(1, POSTGRES_LOCK);
                    p.execute();
                }
            }
            try (Statement s = c.createStatement()) {
                for (String sql : ddl()) {
                    s.execute(sql);
                }
            }
            Integer found = null;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM jb_schema_version")) {
                if (rs.next()) {
                    int v = rs.getInt(1);
                    found = rs.wasNull() ? null : v;
                }
            }
            if (found == null) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO jb_schema_version (version) VALUES (?)")) {
                    p.setInt(1, VERSION);
                    p.executeUpdate();
                }
            } else if (found < VERSION) {
                if (found == 1) {
                    migrateFrom1(c);
                }
                if (found <= 2) {
                    migrateFrom2(c);
                }
                migrateFrom3(c);
            } else if (found > VERSION) {
                c.rollback();
                throw new SchemaException("the results history at " + location + " has schema version " + found
                        + ", newer than this Joulebench reads (" + VERSION + ")",
                        "use a newer Joulebench, or another history (--db FILE)");
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** A schema this code cannot use. */
    static final class SchemaException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String fix;

        SchemaException(String message, String fix) {
            super(message);
            this.fix = fix;
        }

        String fix() {
            return fix;
        }
    }
}
