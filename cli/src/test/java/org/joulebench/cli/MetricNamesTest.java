package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.joulebench.harness.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare --metric} and {@code history trend --metric} know the same names, aliases included. */
class MetricNamesTest {

    @TempDir
    Path dir;

    @Test
    void compareAndHistoryTrendTakeTheSameNames() throws Exception {
        Path x = FakeResultFolders.write(dir.resolve("fixture-x"));
        String db = dir.resolve("history.db").toString();
        assertEquals(0, CliRunner.run("history", "add", "--db", db, x.toString()).status());
        int charts = 0;
        for (Metric m : Metric.values()) {
            for (String name : List.of(m.id(), m.id().replace('_', '-'), m.id().toUpperCase(Locale.ROOT))) {
                CliRunner.Outcome trend = CliRunner.run("history", "trend", "--db", db, "--model",
                        FakeResultFolders.MODELS.get(0), "--task", FakeResultFolders.TASK, "--metric", name,
                        "--out", dir.resolve("trend-" + charts++ + ".png").toString());
                assertEquals(0, trend.status(), name + ": " + trend.err());

                CliRunner.Outcome compare = CliRunner.run("compare", "--metric", name, x.toString(), x.toString());
                assertFalse(compare.err().contains("unknown metric"), name + ": " + compare.err());
                if (m.perItem()) {
                    assertEquals(0, compare.status(), name + ": " + compare.err());
                    assertTrue(compare.out().contains(m.id()) || compare.out().contains(m.label()), compare.out());
                } else {
                    assertEquals(2, compare.status(), name + ": " + compare.out() + compare.err());
                    assertEquals(1, compare.err().strip().lines().count(), compare.err());
                    assertTrue(compare.err().contains("history trend --metric " + m.id()), compare.err());
                }
            }
        }
    }

    @Test
    void anUnknownNameIsRefusedAlikeByBoth() throws Exception {
        Path x = FakeResultFolders.write(dir.resolve("fixture-x"));
        String db = dir.resolve("history.db").toString();
        CliRunner.run("history", "add", "--db", db, x.toString());
        CliRunner.Outcome compare = CliRunner.run("compare", "--metric", "j_per_watt", x.toString(), x.toString());
        CliRunner.Outcome trend = CliRunner.run("history", "trend", "--db", db, "--model",
                FakeResultFolders.MODELS.get(0), "--task", FakeResultFolders.TASK, "--metric", "j_per_watt");
        for (CliRunner.Outcome o : List.of(compare, trend)) {
            assertEquals(2, o.status(), o.err());
            assertTrue(o.err().contains("unknown metric 'j_per_watt'") && o.err().contains(String.join(", ",
                    Metric.ids())), o.err());
        }
    }
}
