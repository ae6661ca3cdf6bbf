package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Result folders holding figures no run can have written are refused by every command that reads them, with
 * the file and line (or the place in results.json); negative net joules stay legal.
 */
class ImpossibleFiguresTest {

    @TempDir
    Path dir;
    Path good;

    @BeforeEach
    void folder() throws Exception {
        good = FakeResultFolders.write(dir.resolve("fixture-good"));
    }

    /** A copy of the good folder with field {@code column} of the third record of queries.csv set to {@code value}. */
    private Path withQueryField(String name, int column, String value) throws Exception {
        Path bad = dir.resolve(name);
        Files.createDirectories(bad);
        Files.copy(good.resolve("results.json"), bad.resolve("results.json"));
        List<String> lines = new ArrayList<>(Files.readAllLines(good.resolve("queries.csv")));
        String[] f = lines.get(3).split(",", -1);
        f[column] = value;
        lines.set(3, String.join(",", f));
        Files.write(bad.resolve("queries.csv"), lines);
        return bad;
    }

    @ParameterizedTest
    @CsvSource({
        "negative-gross, 6, -724, 'queries.csv:4: joules_gross is -724.000: gross energy is never negative'",
        "nan-gross, 6, NaN, 'queries.csv:4: joules_gross is missing or not a number'",
        "empty-gross, 6, '', 'queries.csv:4: joules_gross is missing or not a number'",
        "infinite-net, 7, Infinity, 'queries.csv:4: joules_net is Infinity'",
        "huge-gross, 6, 1e308, 'queries.csv:4: joules_gross is 1.00000e+308 J in'",
        "negative-latency, 8, -3, 'queries.csv:4: latency_ms is -3.00000: a time is never negative'",
    })
    void compareRefusesAQueryNoRunCanHaveWritten(String name, int column, String value, String says) throws Exception {
        Path bad = withQueryField(name, column, value);
        for (String[] args : List.of(new String[] {"compare", good.toString(), bad.toString()},
                new String[] {"compare", bad.toString(), "--baseline", FakeResultFolders.MODELS.get(0), "--current",
                        FakeResultFolders.MODELS.get(1)})) {
            CliRunner.Outcome o = CliRunner.run(args);
            assertEquals(2, o.status(), o.out() + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.err().contains(says), o.err());
            assertFalse(o.err().contains("\tat "), o.err());
        }
    }

    @Test
    void negativeNetJoulesAreNoiseAroundIdleAndStayLegal() throws Exception {
        Path noisy = withQueryField("negative-net", 7, "-0.0001");
        assertEquals(0, CliRunner.run("compare", good.toString(), noisy.toString()).status());
    }

    @Test
    void reportAndHistoryRefuseNegativeGrossJoulesInResultsJson() throws Exception {
        Path bad = dir.resolve("negative-results");
        Files.createDirectories(bad);
        Files.copy(good.resolve("queries.csv"), bad.resolve("queries.csv"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = (ObjectNode) json.readTree(good.resolve("results.json").toFile());
        ((ObjectNode) doc.get("results").get(1).get("energy")).put("joules_gross", -724.0);
        json.writeValue(bad.resolve("results.json").toFile(), doc);
        String says = "results.json: results[1] (";
        for (String[] args : List.of(new String[] {"report", bad.toString(), "--out", dir.resolve("r").toString()},
                new String[] {"history", "add", "--db", dir.resolve("h.db").toString(), bad.toString()},
                new String[] {"compare", good.toString(), bad.toString()})) {
            CliRunner.Outcome o = CliRunner.run(args);
            assertEquals(2, o.status(), String.join(" ", args) + ": " + o.out() + o.err());
            assertTrue(o.err().contains(says) && o.err().contains("energy.joules_gross is -724.000"), o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
        }
    }
}
