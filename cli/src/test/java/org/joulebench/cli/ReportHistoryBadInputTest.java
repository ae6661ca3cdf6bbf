package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.joulebench.reports.ResultsHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --history} given what it cannot use: one line, exit 2, no report folder, no history created. */
class ReportHistoryBadInputTest {

    @TempDir
    Path dir;

    private void refused(String expected, String... args) {
        CliRunner.Outcome o = CliRunner.run(args);
        assertEquals(2, o.status(), o.out() + o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains(expected), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
        assertFalse(Files.exists(dir.resolve("out")), "no report written");
    }

    @Test
    void aHistoryFileThatDoesNotExistIsNotCreated() {
        Path db = dir.resolve("none.db");
        refused("no such SQLite file", "report", "--history", db.toString(), "--out", dir.resolve("out").toString());
        refused("no such SQLite file", "report", "--history", "jdbc:sqlite:" + db, "--out", dir.resolve("out").toString());
        assertFalse(Files.exists(db));
    }

    @Test
    void aUrlWithoutADriverIsRefused() {
        refused("cannot open the results history", "report", "--history", "jdbc:nosuchdb://x/y",
                "--out", dir.resolve("out").toString());
    }

    @Test
    void anEmptySelectionNamesWhatTheHistoryHolds() throws Exception {
        Path db = dir.resolve("h.db");
        ResultsHistory.open(ResultsHistory.sqliteUrl(db)).close();
        refused("no run in the results history", "report", "--history", db.toString(), "--out",
                dir.resolve("out").toString());
        refused("--suite nope", "report", "--history", db.toString(), "--suite", "nope", "--out",
                dir.resolve("out").toString());
    }

    @Test
    void aBadSinceDateAndSelectionFlagsWithoutAHistoryAreRefused() throws Exception {
        Path db = dir.resolve("h.db");
        ResultsHistory.open(ResultsHistory.sqliteUrl(db)).close();
        refused("--since 31/01/2026 is not a date", "report", "--history", db.toString(), "--since", "31/01/2026",
                "--out", dir.resolve("out").toString());
        refused("--hosts selects runs of a results history", "report", "--hosts", "a,b", dir.toString(), "--out",
                dir.resolve("out").toString());
        refused("--history and result folders", "report", "--history", db.toString(), dir.toString(), "--out",
                dir.resolve("out").toString());
        refused("no result folders given", "report", "--out", dir.resolve("out").toString());
    }
}
