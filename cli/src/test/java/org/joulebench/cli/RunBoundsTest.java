package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code joulebench run}'s numeric options: out of bounds is one line on stderr and status 2 before anything is
 * loaded or written; {@code --force} goes past the upper bounds only.
 */
class RunBoundsTest {

    @TempDir
    Path dir;

    private CliRunner.Outcome run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--out", dir.resolve("o").toString()));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    private void assertRefused(CliRunner.Outcome o, String expected) {
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains(expected), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(Files.exists(dir.resolve("o")), "nothing written");
        assertFalse(Files.exists(dir.resolve(".o.incomplete")), "nothing staged");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--repetitions  | 0         | --repetitions must be >= 1, was 0",
        "--repetitions  | 1001      | --repetitions 1001 is above its bound of 1000",
        "--idle-seconds | -1        | --idle-seconds must be >= 0, was -1",
        "--idle-seconds | 3601      | --idle-seconds 3601 is above its bound of 3600",
        "--idle-seconds | NaN       | --idle-seconds must be a finite number, was NaN",
        "--idle-seconds | Infinity  | --idle-seconds must be a finite number, was Infinity",
        "--warmup       | -1        | --warmup must be >= 0, was -1",
        "--warmup       | 1001      | --warmup 1001 is above its bound of 1000",
        "--forks        | 0         | --forks must be >= 1, was 0",
        "--forks        | 101       | --forks 101 is above its bound of 100",
        "--limit        | -1        | --limit must be >= 0, was -1",
        "--threads      | -1        | --threads must be >= 0, was -1",
        "--sample-hz    | 0         | --sample-hz must be >= 0.1, was 0",
        "--sample-hz    | -5        | --sample-hz must be >= 0.1, was -5",
        "--sample-hz    | NaN       | --sample-hz must be a finite number, was NaN",
        "--sample-hz    | 1e6       | --sample-hz 1000000 is above its bound of 1000",
    })
    void outOfBoundsIsRefusedBeforeAnyWork(String option, String value, String expected) {
        assertRefused(run(option, value), expected);
    }

    @Test
    void threadsAboveFourPerCpuAreRefused() {
        int cpus = Runtime.getRuntime().availableProcessors();
        CliRunner.Outcome o = run("--threads", Integer.toString(4 * cpus + 1));
        assertRefused(o, "--threads " + (4 * cpus + 1) + " is above its bound of " + 4 * cpus + " (4 × " + cpus
                + " CPUs)");
        assertTrue(o.err().contains("--force"), "says how to go past it: " + o.err());
    }

    @Test
    void upperBoundsSayHowToGoPastThem() {
        assertTrue(run("--repetitions", "5000").err().contains("or add --force to go past the bound"));
    }

    @Test
    void forceGoesPastUpperBounds() {
        // Past the bounds with --force, the run gets as far as the next check: the (unknown) suite.
        int cpus = Runtime.getRuntime().availableProcessors();
        CliRunner.Outcome o = run("--force", "--repetitions", "1001", "--warmup", "1001", "--idle-seconds", "3601",
                "--threads", Integer.toString(4 * cpus + 1), "--suite", "nosuch");
        assertRefused(o, "no suite 'nosuch'");
    }

    @Test
    void forceGoesPastTheForksBound() {
        // The forks check their input themselves; a fork's refusal is the run's, with status 2.
        CliRunner.Outcome o = run("--force", "--forks", "101", "--suite", "nosuch");
        assertEquals(2, o.status(), o.err());
        assertTrue(o.err().contains("fork 1 of 101 refused its input: no suite 'nosuch'"), o.err());
    }

    @Test
    void forceDoesNotLiftLowerBounds() {
        assertRefused(run("--force", "--repetitions", "0"), "--repetitions must be >= 1");
        assertRefused(run("--force", "--idle-seconds", "NaN"), "--idle-seconds must be a finite number");
    }

    @Test
    void forceAndTheBoundsAreInTheHelp() {
        CliRunner.Outcome o = CliRunner.run("run", "--help");
        String help = o.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("go past the upper bounds of --repetitions, --warmup, --idle-seconds, --threads and "
                + "--forks; it does nothing else"), help);
        assertTrue(help.contains("measured passes, 1 to 1000"), help);
    }
}
