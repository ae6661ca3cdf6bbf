package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one line on stderr saying what and how to fix it, status 2, no stack trace, no output folder. */
class BadInputTest {

    @TempDir
    Path dir;

    private void assertOneLineError(CliRunner.Outcome o, String expected) {
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains(expected), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    @Test
    void unknownSuite() {
        CliRunner.Outcome o = CliRunner.run("run", "--suite", "nosuch", "--out", dir.resolve("o").toString());
        assertOneLineError(o, "no suite 'nosuch'");
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void unknownModel() {
        CliRunner.Outcome o = CliRunner.run("run", "--models", "nosuch", "--out", dir.resolve("o").toString());
        assertOneLineError(o, "unknown model 'nosuch'");
        assertTrue(o.err().contains("all-minilm-l6-v2"), "lists the known models: " + o.err());
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void unknownMeter() {
        CliRunner.Outcome o = CliRunner.run("run", "--meter", "nosuch", "--models", "all-minilm-l6-v2-q",
                "--out", dir.resolve("o").toString());
        assertOneLineError(o, "unknown meter 'nosuch'");
    }

    @Test
    void unwritableOut() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRunner.Outcome o = CliRunner.run("run", "--out", file.resolve("sub").toString());
        assertOneLineError(o, "cannot write to --out");
    }

    @Test
    void nonEmptyOut() throws Exception {
        Files.writeString(dir.resolve("keep.txt"), "x");
        CliRunner.Outcome o = CliRunner.run("run", "--out", dir.toString());
        assertOneLineError(o, "is not empty");
    }

    @Test
    void malformedDatasetNamesFileAndLine() throws Exception {
        Files.writeString(dir.resolve("s.yaml"), """
                name: broken
                version: "1"
                tasks:
                  - id: t
                    dataset: d.jsonl
                    scorer: retrieval
                """);
        Files.writeString(dir.resolve("d.jsonl"), "{\"id\":\"a\",\"text\":\"x\",\"label\":\"y\"}\nnot json\n");
        CliRunner.Outcome o = CliRunner.run("run", "--suite", dir.resolve("s.yaml").toString(),
                "--out", dir.resolve("o").toString());
        assertOneLineError(o, "d.jsonl:2: not valid JSON");
    }

    @Test
    void unreadablePowercapFileIsReportedWithTheFix() throws Exception {
        Path zone = Files.createDirectories(dir.resolve("powercap/intel-rapl:0"));
        Files.writeString(zone.resolve("name"), "package-0\n");
        Files.writeString(zone.resolve("max_energy_range_uj"), "262143328850\n");
        Files.createDirectory(zone.resolve("energy_uj")); // a folder where a file should be: unreadable as a counter
        CliRunner.Outcome o = CliRunner.run("run", "--meter", "rapl", "--powercap-root",
                dir.resolve("powercap").toString(), "--models", "all-minilm-l6-v2-q", "--out", dir.resolve("o").toString());
        assertOneLineError(o, "energy_uj");
    }

    @Test
    void badNumberIsAParameterError() {
        CliRunner.Outcome o = CliRunner.run("run", "--repetitions", "0");
        assertOneLineError(o, "repetitions must be >= 1");
    }
}
