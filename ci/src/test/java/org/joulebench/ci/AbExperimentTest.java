package org.joulebench.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.joulebench.harness.ProgressListener;
import org.junit.jupiter.api.Test;

class AbExperimentTest {

    private static final List<AbMeter> METERS = List.of(new AbMeter("fake", "ESTIMATE", "a fake", null));

    private static AbSettings fixed(int rounds) {
        return new AbSettings(rounds, rounds, 1, 7, 0.05, 0.8, new GatePolicy(0.05, 0.01));
    }

    private static AbRow row(AbReport r, String metric) {
        return r.rows().stream().filter(x -> x.metric().equals(metric)).findFirst().orElseThrow();
    }

    @Test
    void aClearRegressionIsFoundDespiteDriftThatHitsBothSides() throws Exception {
        FakeRuns runs = new FakeRuns(1.0, 1.10, 0.01, 3);
        AbReport r = AbExperiment.run("a", "b", fixed(20), METERS, runs, ProgressListener.silent());
        assertEquals(20, r.rounds());
        assertEquals(Verdict.REGRESSION, row(r, "energy:fake").verdict());
        assertEquals(Verdict.REGRESSION, row(r, "wall_time").verdict());
        assertEquals(1.10, row(r, "wall_time").ratio().ratio(), 0.01);
        assertNull(row(r, "cpu_time").verdict(), "CPU time is shown, not judged");
        assertFalse(r.passed());
    }

    @Test
    void anAaCheckFindsNoRegressionAndSaysItIsOne() throws Exception {
        FakeRuns runs = new FakeRuns(1.0, 1.0, 0.01, 4);
        AbReport r = AbExperiment.run("same", "same", fixed(30), METERS, runs, ProgressListener.silent());
        assertTrue(r.passed());
        assertEquals(Verdict.NO_CHANGE, row(r, "wall_time").verdict(), row(r, "wall_time").reason());
        assertTrue(r.warnings().get(0).contains("A/A"), r.warnings().toString());
    }

    @Test
    void aSmallChangeWithinTheAllowanceIsNoRegression() throws Exception {
        FakeRuns runs = new FakeRuns(1.0, 1.03, 0.005, 5);
        AbReport r = AbExperiment.run("a", "b", fixed(30), METERS, runs, ProgressListener.silent());
        AbRow wall = row(r, "wall_time");
        assertEquals(Verdict.NO_CHANGE, wall.verdict(), wall.reason());
        assertTrue(wall.reason().contains("within the 5.0 % allowed"), wall.reason());
    }

    @Test
    void warmupRoundsRunButAreNotRecorded() throws Exception {
        FakeRuns runs = new FakeRuns(1.0, 1.0, 0.01, 6);
        AbSettings s = new AbSettings(6, 6, 2, 7, 0.05, 0.8, new GatePolicy(0.05, 0.01));
        AbReport r = AbExperiment.run("a", "b", s, METERS, runs, ProgressListener.silent());
        assertEquals(16, runs.log.size(), "2 warm-up and 6 measured rounds of two runs");
        assertEquals(12, r.runs().size());
        assertTrue(r.runs().stream().allMatch(x -> x.round() >= 1));
        assertEquals(0.0, r.runs().get(0).start(), 0, "times count from the first measured run");
        long aFirst = r.runs().stream().filter(x -> x.side() == Side.A && x.position() == 1).count();
        assertEquals(3, aFirst, "the measured rounds are balanced whatever the warm-up drew");
    }

    @Test
    void adaptiveStopsOnceSettledButNotBeforeTheMinimum() throws Exception {
        FakeRuns runs = new FakeRuns(1.0, 1.5, 0.002, 8);
        AbSettings s = new AbSettings(100, 8, 0, 7, 0.05, 0.8, new GatePolicy(0.05, 0.01));
        AbReport r = AbExperiment.run("a", "b", s, METERS, runs, ProgressListener.silent());
        assertEquals(8, r.rounds(), r.stopReason());
        assertTrue(r.stopReason().contains("settled"), r.stopReason());
        assertEquals(Verdict.REGRESSION, row(r, "wall_time").verdict());
    }

    @Test
    void adaptiveRunsOnWhileAnIntervalStraddlesTheAllowance() throws Exception {
        // True 5 %: the interval keeps the allowance's bound inside it, so every round runs.
        FakeRuns runs = new FakeRuns(1.0, 1.05, 0.01, 9);
        AbSettings s = new AbSettings(20, 8, 0, 7, 0.05, 0.8, new GatePolicy(0.05, 0.01));
        AbReport r = AbExperiment.run("a", "b", s, METERS, runs, ProgressListener.silent());
        assertEquals(20, r.rounds(), r.stopReason());
    }

    @Test
    void aFailedCommandEndsTheJobWithoutFigures() {
        FakeRuns runs = new FakeRuns(1.0, 1.0, 0.01, 10);
        runs.failAtRun = 7; // warm-up takes runs 1-2; run 7 is the second run of round 3
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> AbExperiment.run("a", "b", fixed(10), METERS, runs, ProgressListener.silent()));
        assertTrue(e.getMessage().startsWith("round 3, "), e.getMessage());
        assertTrue(e.getMessage().contains("status 3") && e.getMessage().contains("boom"), e.getMessage());
    }

    @Test
    void anInterruptionKeepsTheCompletedRoundsAsAPartialReport() throws Exception {
        FakeRuns runs = new FakeRuns(1.0, 1.2, 0.01, 11);
        runs.interruptAtRun = 2 + 2 * 8 + 1; // after the warm-up and 8 rounds, in the first run of round 9
        AbReport r = AbExperiment.run("a", "b", fixed(30), METERS, runs, ProgressListener.silent());
        assertTrue(r.partial());
        assertEquals(8, r.rounds());
        assertTrue(r.stopReason().startsWith("interrupted after 8 of 30 rounds"), r.stopReason());
        assertEquals(Verdict.REGRESSION, row(r, "wall_time").verdict(), "the figures rest on the 8 rounds");
    }

    @Test
    void tooFewRoundsBeforeAnInterruptionGiveNoVerdict() throws Exception {
        FakeRuns runs = new FakeRuns(1.0, 1.2, 0.01, 12);
        runs.interruptAtRun = 2 + 2 * 3 + 2; // in the second run of round 4
        AbReport r = AbExperiment.run("a", "b", fixed(30), METERS, runs, ProgressListener.silent());
        assertTrue(r.rows().isEmpty());
        assertEquals(3, r.rounds());
        assertEquals(6, r.runs().size(), "the lone run of the interrupted round 4 counts for nothing");
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("only 3 rounds")), r.warnings().toString());
        assertTrue(r.passed());
    }

    @Test
    void badSettingsAreRefusedWithTheFix() {
        GatePolicy p = new GatePolicy(0.05, 0.01);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AbSettings(5, 5, 0, 1, 0.05, 0.8, p));
        assertTrue(e.getMessage().contains("--rounds 5 is too few"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AbSettings(10, 11, 0, 1, 0.05, 0.8, p));
        assertThrows(IllegalArgumentException.class, () -> new AbSettings(10, 5, 0, 1, 0.05, 0.8, p));
        assertThrows(IllegalArgumentException.class, () -> new AbSettings(10, 10, -1, 1, 0.05, 0.8, p));
        assertThrows(IllegalArgumentException.class, () -> new AbSettings(10, 10, 0, 1, 0.7, 0.8, p));
    }

    @Test
    void markdownAndJUnitCarryTheVerdicts() throws Exception {
        AbReport r = AbExperiment.run("base.sh", "head.sh", fixed(10), METERS, new FakeRuns(1.0, 1.2, 0.01, 13),
                ProgressListener.silent());
        String md = AbMarkdown.render(r);
        assertTrue(md.startsWith("### Joulebench A/B: 2 regressions"), md);
        assertTrue(md.contains("| **regression** | wall time |"), md);
        String xml = AbJUnit.render(r);
        assertTrue(xml.contains("tests=\"2\" failures=\"2\""), xml);
        assertTrue(xml.contains("name=\"wall_time\""), xml);
    }
}
