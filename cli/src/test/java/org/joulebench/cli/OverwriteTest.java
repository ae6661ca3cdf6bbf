package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One overwrite rule for the files commands write by name: an existing file is refused (one line naming it and
 * {@code --overwrite}, status 2) before any work, unless {@code --overwrite} is given. And {@code run --out}'s staging
 * folder is removed only when it holds nothing but a run's files.
 */
class OverwriteTest {

    @TempDir
    Path dir;

    private void assertRefused(CliRunner.Outcome o, String option, Path file) throws Exception {
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains(option + " " + file + " already exists"), o.err());
        assertTrue(o.err().contains("pass --overwrite to replace it"), o.err());
        assertEquals("mine", Files.readString(file), "left as it was");
    }

    @Test
    void compareMarkdownAndJunit() throws Exception {
        Path x = FakeResultFolders.write(dir.resolve("fixture-x"));
        Path md = Files.writeString(dir.resolve("pr.md"), "mine");
        Path xml = Files.writeString(dir.resolve("compare.xml"), "mine");
        assertRefused(CliRunner.run("compare", x.toString(), x.toString(), "--markdown", md.toString()), "--markdown",
                md);
        assertRefused(CliRunner.run("compare", x.toString(), x.toString(), "--junit", xml.toString()), "--junit", xml);

        CliRunner.Outcome o = CliRunner.run("compare", x.toString(), x.toString(), "--markdown", md.toString(),
                "--junit", xml.toString(), "--overwrite");
        assertEquals(0, o.status(), o.err());
        assertTrue(Files.readString(md).startsWith("### Joulebench"), Files.readString(md));
        assertTrue(Files.readString(xml).contains("<testsuite"), Files.readString(xml));
    }

    @Test
    void compareChecksBeforeReadingTheRuns() throws Exception {
        Path md = Files.writeString(dir.resolve("pr.md"), "mine");
        assertRefused(CliRunner.run("compare", dir.resolve("none-a").toString(), dir.resolve("none-b").toString(),
                "--markdown", md.toString()), "--markdown", md);
    }

    @Test
    void abChecksBeforeAnyRound() throws Exception {
        Path marker = dir.resolve("ran");
        for (String option : new String[] {"--json", "--markdown", "--junit"}) {
            Path file = Files.writeString(dir.resolve("ab" + option.substring(2)), "mine");
            assertRefused(CliRunner.run("ab", "--meter", "estimate", option, file.toString(), "touch " + marker,
                    "true"), option, file);
            assertFalse(Files.exists(marker), "nothing ran");
        }
        Path json = dir.resolve("abjson");
        CliRunner.Outcome o = CliRunner.run("ab", "--meter", "estimate", "--rounds", "6", "--warmup", "0",
                "--overwrite", "--json", json.toString(), "true", "true");
        assertNotEquals(2, o.status(), o.err());
        assertTrue(Files.readString(json).startsWith("{"), Files.readString(json));
    }

    @Test
    void zooSynthOut() throws Exception {
        Path out = Files.writeString(dir.resolve("m.gguf"), "mine");
        assertRefused(CliRunner.run("zoo", "synth", "--preset", "tiny", "--out", out.toString()), "--out", out);
    }

    @Test
    void historyTrendOut() throws Exception {
        Path png = Files.writeString(dir.resolve("trend.png"), "mine");
        assertRefused(CliRunner.run("history", "trend", "--db", dir.resolve("h.db").toString(), "--model", "m",
                "--task", "t", "--out", png.toString()), "--out", png);
        assertFalse(Files.exists(dir.resolve("h.db")), "refused before the history was opened");
    }

    @Test
    void runRefusesAStagingFolderHoldingTheUsersFiles() throws Exception {
        Path staging = Files.createDirectories(dir.resolve(".o.incomplete/charts"));
        Files.writeString(staging.resolve("a.png"), "png");
        Path notes = Files.writeString(dir.resolve(".o.incomplete/notes.txt"), "mine");
        CliRunner.Outcome o = CliRunner.run("run", "--models", "all-minilm-l6-v2-q", "--meter", "nosuch",
                "--out", dir.resolve("o").toString());
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("holds notes.txt, which joulebench did not write"), o.err());
        assertEquals("mine", Files.readString(notes), "the user's file is kept");
        assertTrue(Files.exists(staging.resolve("a.png")));
    }

    @Test
    void runRemovesAStagingFolderHoldingOnlyARunsFiles() throws Exception {
        Path staging = Files.createDirectories(dir.resolve(".o.incomplete"));
        Files.createDirectories(staging.resolve("charts"));
        Files.writeString(staging.resolve("charts/j-per-token.png"), "png");
        Files.writeString(staging.resolve("results.json"), "{}");
        Files.writeString(staging.resolve("queries.csv"), "");
        Files.createDirectories(staging.resolve("forks/fork-1/charts"));
        Files.writeString(staging.resolve("forks/fork-1.log"), "");
        Files.writeString(staging.resolve("forks/fork-1/results.json"), "{}");
        Files.createDirectories(staging.resolve("forks/.fork-2.incomplete"));
        Files.writeString(staging.resolve("forks/.fork-2.incomplete/report.md"), "");
        // An unknown meter fails after the folder was prepared: the stale staging folder was taken over and removed.
        CliRunner.Outcome o = CliRunner.run("run", "--models", "all-minilm-l6-v2-q", "--meter", "nosuch",
                "--out", dir.resolve("o").toString());
        assertEquals(2, o.status(), o.err());
        assertTrue(o.err().contains("unknown meter 'nosuch'"), o.err());
        assertFalse(Files.exists(staging), "a run's leftovers are removed");
    }

    @Test
    void aFileInAForkFolderThatNoRunWritesIsTheUsers() throws Exception {
        Path staging = dir.resolve(".o.incomplete");
        Files.createDirectories(staging.resolve("forks/fork-1"));
        Files.writeString(staging.resolve("forks/fork-1/data.bin"), "mine");
        assertEquals(Path.of("forks/fork-1/data.bin").toString(), OutputFolder.foreign(staging));
    }
}
