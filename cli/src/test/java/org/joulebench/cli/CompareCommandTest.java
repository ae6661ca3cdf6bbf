package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `joulebench compare` on fake result folders: the acceptance lines of the gate. */
class CompareCommandTest {

    @TempDir
    Path dir;

    Path x;

    @BeforeEach
    void fixture() throws Exception {
        x = FakeResultFolders.write(dir.resolve("fixture-x"));
    }

    @Test
    void aRunComparedWithItselfPasses() {
        CliRunner.Outcome o = CliRunner.run("compare", x.toString(), x.toString());
        assertEquals(0, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("no regression"), o.out());
        assertEquals(8, o.out().lines().filter(l -> l.contains("no change")).count(), "2 rows × 4 metrics: " + o.out());
    }

    @Test
    void fifteenPercentMoreJoulesFailsAndNamesTheRows() throws Exception {
        Path scaled = FakeResultFolders.scaled(x, dir.resolve("fixture-x-1.15"), 1.15);
        CliRunner.Outcome o = CliRunner.run("compare", x.toString(), scaled.toString());
        assertEquals(1, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("4 regressions:"), o.out());
        for (String model : FakeResultFolders.MODELS) {
            for (String metric : new String[] {"j_per_query", "j_per_token"}) {
                assertTrue(o.out().contains("  fixture-task × " + model + " × fixture-backend " + metric
                        + ": 15.0 % worse (p < 0.001), beyond the 5.0 % allowed"), o.out());
            }
        }
    }

    @Test
    void onePercentMoreJoulesPasses() throws Exception {
        Path scaled = FakeResultFolders.scaled(x, dir.resolve("fixture-x-1.01"), 1.01);
        CliRunner.Outcome o = CliRunner.run("compare", x.toString(), scaled.toString());
        assertEquals(0, o.status(), o.out() + o.err());
        long energyRows = o.out().lines().filter(l -> l.contains(" j_per_")).count();
        long quiet = o.out().lines().filter(l -> l.contains(" j_per_"))
                .filter(l -> l.endsWith("no change") || l.contains("inconclusive")).count();
        assertEquals(4, energyRows, o.out());
        assertEquals(4, quiet, o.out());
    }

    @Test
    void aDifferentMeterMethodIsUnusableInputWithTheReason() throws Exception {
        Path counter = FakeResultFolders.scaled(x, dir.resolve("fixture-x-counter"), 1.0);
        Path json = counter.resolve("results.json");
        Files.writeString(json, Files.readString(json).replace("\"ESTIMATE\"", "\"COUNTER\""));
        CliRunner.Outcome o = CliRunner.run("compare", x.toString(), counter.toString());
        assertEquals(2, o.status(), o.out() + o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("meter method differs: baseline [ESTIMATE], current [COUNTER]"), o.err());
        assertTrue(o.err().contains("--allow-different-method"), o.err());
        assertEquals(0, CliRunner.run("compare", "--allow-different-method", x.toString(), counter.toString()).status());
    }

    @Test
    void aDifferentModelChecksumOrSuiteIsRefusedToo() throws Exception {
        Path other = FakeResultFolders.scaled(x, dir.resolve("fixture-x-other"), 1.0);
        Path json = other.resolve("results.json");
        Files.writeString(json, Files.readString(json).replace("f".repeat(64), "e".repeat(64))
                .replace("\"" + "1".repeat(64) + "\"", "\"" + "2".repeat(64) + "\""));
        CliRunner.Outcome o = CliRunner.run("compare", x.toString(), other.toString());
        assertEquals(2, o.status());
        assertTrue(o.err().contains("suite sha256 (fixture-suite 1) differs"), o.err());
        assertTrue(o.err().contains("--allow-different-suite"), o.err());
    }

    @Test
    void markdownAndJunitFilesAreWritten() throws Exception {
        Path scaled = FakeResultFolders.scaled(x, dir.resolve("fixture-x-1.15"), 1.15);
        Path md = dir.resolve("reports/compare.md");
        Path xml = dir.resolve("reports/compare.xml");
        CliRunner.Outcome o = CliRunner.run("compare", "--metric", "j_per_query", "--markdown", md.toString(),
                "--junit", xml.toString(), x.toString(), scaled.toString());
        assertEquals(1, o.status(), o.err());
        String markdown = Files.readString(md);
        assertTrue(markdown.startsWith("### Joulebench: 2 regressions"), markdown);
        assertEquals(2, markdown.lines().filter(l -> l.startsWith("| **regression** | fixture-task")).count(), markdown);
        String junit = Files.readString(xml);
        assertTrue(junit.contains("tests=\"2\" failures=\"2\""), junit);
    }

    @Test
    void badInputIsOneLineAndStatusTwo() {
        assertBad(CliRunner.run("compare", dir.resolve("nosuch").toString(), x.toString()), "no result folder at");
        assertBad(CliRunner.run("compare", "--metric", "watts", x.toString(), x.toString()), "unknown metric 'watts'");
        assertBad(CliRunner.run("compare", "--max-regression", "lots", x.toString(), x.toString()),
                "--max-regression must be a percentage");
        assertBad(CliRunner.run("compare", "--alpha", "0.7", x.toString(), x.toString()), "alpha must lie between");
        assertBad(CliRunner.run("compare", x.toString()), "compare needs two result folders");
    }

    private static void assertBad(CliRunner.Outcome o, String expected) {
        assertEquals(2, o.status(), o.out() + o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains(expected), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    // ---- two rows of one run ----

    @Test
    void twoRowsOfOneRunAreComparedPairedByItem() throws Exception {
        Path worse = FakeResultFolders.scaled(x, dir.resolve("fixture-b-1.2"), "fixture-model-b", 1.2);
        CliRunner.Outcome o = CliRunner.run("compare", worse.toString(), "--baseline", "fixture-model-a",
                "--current", "fixture-model-b", "--metric", "j_per_query,j_per_token");
        assertEquals(1, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("fixture-model-a → fixture-model-b"), o.out());
        assertTrue(o.out().contains("2 regressions:"), o.out());
    }

    @Test
    void twoRowsThatDifferByNoiseOnlyPass() {
        // The fixture's two models draw their joules from the same distribution, item by item.
        CliRunner.Outcome o = CliRunner.run("compare", x.toString(), "--baseline", "fixture-model-a@fixture-backend",
                "--current", "fixture-model-b");
        assertEquals(0, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("no regression"), o.out());
    }

    @Test
    void withinRunMistakesAreOneLineErrors() {
        String[][] bad = {
            {"compare", x.toString(), "--baseline", "fixture-model-a"},
            {"compare", x.toString(), x.toString(), "--baseline", "fixture-model-a", "--current", "fixture-model-b"},
            {"compare", x.toString(), "--baseline", "fixture-model-a", "--current", "nonesuch"},
            {"compare", x.toString(), "--baseline", "fixture-model-a", "--current", "fixture-model-a"},
            {"compare", x.toString()},
        };
        String[] says = {"takes one result folder", "takes one result folder", "no row 'nonesuch' in this run; its rows: "
                + "fixture-model-a@fixture-backend, fixture-model-b@fixture-backend", "name the same row",
                "needs two result folders"};
        for (int i = 0; i < bad.length; i++) {
            CliRunner.Outcome o = CliRunner.run(bad[i]);
            assertEquals(Failures.BAD_INPUT, o.status(), String.join(" ", bad[i]) + ": " + o.err());
            assertTrue(o.err().contains(says[i]), o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
        }
    }
}
