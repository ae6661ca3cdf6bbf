package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.joulebench.harness.Canary;
import org.joulebench.harness.InputException;
import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.ResultFolder;
import org.joulebench.harness.RunResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `joulebench compare` with the drift canary, on fake result folders whose canaries are written by hand (test
 * inputs, not measurements): a machine that changed is refused or, when allowed, turns verdicts inconclusive;
 * folders without a canary compare as before, with a warning.
 */
class CompareCanaryTest {

    @TempDir
    Path dir;

    Path plain;

    @BeforeEach
    void fixture() throws Exception {
        plain = FakeResultFolders.write(dir.resolve("fixture-x"));
    }

    /** A copy of {@code from} whose canary's probes are {@code cpuSeconds} and 5 ms for the memory kernel per unit. */
    private Path withCanary(Path from, String name, double... cpuSeconds) throws IOException, InputException {
        Path to = dir.resolve(name);
        Files.createDirectories(to);
        RunResult run = ResultFolder.read(from);
        List<Canary.Probe> cpu = new ArrayList<>();
        List<Canary.Probe> memory = new ArrayList<>();
        for (int i = 0; i < cpuSeconds.length; i++) {
            cpu.add(new Canary.Probe("probe " + i, cpuSeconds[i], 4 * cpuSeconds[i]));
            memory.add(new Canary.Probe("probe " + i, 0.005, 0.02));
        }
        Canary canary = new Canary("estimate", "ESTIMATE", 0.5, 3.2, List.of(
                Canary.Kernel.of("cpu-lcg-fma@1", "fixture unit", 2, 200, cpu),
                Canary.Kernel.of("memory-stream@1", "fixture unit", 2, 40, memory)));
        RunResult with = new RunResult(run.schema(), run.run(), run.host(), run.meters(), run.idle(), run.idleAfter(),
                run.results(), run.warnings(), run.powerTrace(), run.models(), canary, run.queries());
        try (OutputStream out = Files.newOutputStream(to.resolve(ResultFolder.RESULTS))) {
            ResultCodec.write(with, out);
        }
        Files.copy(from.resolve(ResultFolder.QUERIES), to.resolve(ResultFolder.QUERIES));
        return to;
    }

    @Test
    void foldersWithoutACanaryCompareAsBeforeWithAWarning() throws Exception {
        CliRunner.Outcome o = CliRunner.run("compare", plain.toString(), plain.toString());
        assertEquals(0, o.status(), o.out() + o.err());
        assertTrue(o.out().startsWith("warning: drift could not be checked (neither run has a canary: written before "
                + "Joulebench recorded one (by test))"), o.out());
        assertTrue(o.out().contains("no regression"), o.out());

        Path current = withCanary(plain, "with-canary", 0.002, 0.002, 0.002);
        CliRunner.Outcome one = CliRunner.run("compare", plain.toString(), current.toString());
        assertEquals(0, one.status(), one.out() + one.err());
        assertTrue(one.out().contains("warning: drift could not be checked (the baseline run has no canary"), one.out());
    }

    @Test
    void aQuietMachinePrintsTheCanaryRatioAndCompares() throws Exception {
        Path base = withCanary(plain, "base", 0.0020, 0.0021, 0.0020);
        Path cur = withCanary(FakeResultFolders.scaled(plain, dir.resolve("x-1.15"), 1.15), "cur", 0.00204, 0.002,
                0.00206);
        CliRunner.Outcome o = CliRunner.run("compare", base.toString(), cur.toString());
        assertEquals(1, o.status(), "a real regression on a steady machine still fails: " + o.out() + o.err());
        assertTrue(o.out().contains("drift canary (current / baseline per unit of work): cpu-lcg-fma@1 time ×1.020"),
                o.out());
        assertTrue(o.out().contains("the machine stayed within the 5.0 % allowed"), o.out());
        assertTrue(o.out().contains("4 regressions:"), o.out());
    }

    @Test
    void aMachineThatChangedIsRefusedWithTheCanaryFiguresAndTheAdvice() throws Exception {
        Path base = withCanary(plain, "base", 0.0020, 0.0021, 0.0020);
        Path cur = withCanary(FakeResultFolders.scaled(plain, dir.resolve("x-1.15"), 1.15), "cur", 0.00224, 0.0030,
                0.00224);
        CliRunner.Outcome o = CliRunner.run("compare", base.toString(), cur.toString());
        assertEquals(2, o.status(), o.out() + o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("the machine changed by 12.0 %, more than the 5.0 % allowed"), o.err());
        assertTrue(o.err().contains("cpu-lcg-fma@1 time ×1.120 (0.002000 → 0.002240 s/unit)"), o.err());
        assertTrue(o.err().contains("`joulebench ab`"), o.err());
        assertTrue(o.err().contains("--allow-machine-change"), o.err());
        assertEquals("", o.out());
        // A wider allowance takes the same canary as a steady machine, and the rows regress.
        assertEquals(1, CliRunner.run("compare", "--max-regression", "13%", base.toString(), cur.toString()).status());
    }

    @Test
    void allowingTheChangeShowsRegressionsAsInconclusive() throws Exception {
        Path base = withCanary(plain, "base", 0.0020, 0.0021, 0.0020);
        Path cur = withCanary(FakeResultFolders.scaled(plain, dir.resolve("x-1.15"), 1.15), "cur", 0.00224, 0.0030,
                0.00224);
        Path md = dir.resolve("compare.md");
        Path xml = dir.resolve("compare.xml");
        CliRunner.Outcome o = CliRunner.run("compare", "--allow-machine-change", "--markdown", md.toString(),
                "--junit", xml.toString(), base.toString(), cur.toString());
        assertEquals(0, o.status(), o.out() + o.err());
        assertEquals(4, o.out().lines().filter(l -> l.endsWith("inconclusive (machine changed by 12.0 %)")).count(),
                "the 4 energy rows that regressed: " + o.out());
        assertFalse(o.out().lines().anyMatch(l -> l.endsWith("  regression")), o.out());
        assertTrue(o.out().contains("no regression"), o.out());
        String markdown = Files.readString(md);
        assertTrue(markdown.startsWith("### Joulebench: no regression"), markdown);
        assertTrue(markdown.contains("| inconclusive (machine changed by 12.0 %) |"), markdown);
        assertTrue(markdown.contains("the machine changed by 12.0 %, more than the 5.0 % allowed"), markdown);
        assertTrue(Files.readString(xml).contains("failures=\"0\""), Files.readString(xml));
    }
}
