package org.joulebench.ci;

import java.util.ArrayList;
import java.util.List;

import org.joulebench.harness.ProgressListener;

/**
 * An A/B comparison of two commands in one job: rounds of A once and B once in a seeded, balanced random order
 * ({@link RoundOrder}), so that whatever drifts over the job (other load, the chip's temperature, the page
 * cache) falls on both sides alike, and the round, not the run, is the unit of evidence ({@link AbAnalysis}).
 * Warm-up rounds run first and are not recorded. With {@link AbSettings#adaptive()} it stops once every verdict
 * is settled, never before {@link AbSettings#minRounds()}.
 */
public final class AbExperiment {

    private AbExperiment() {
    }

    /**
     * Runs the comparison to its end, or until {@link CommandRuns#interrupt()}; a run interrupted midway is
     * dropped with its round, and the report is marked partial.
     *
     * @throws CommandFailedException when a command exits non-zero: no figures are computed from such a job
     */
    public static AbReport run(String commandA, String commandB, AbSettings s, List<AbMeter> meters,
                               CommandRuns runs, ProgressListener progress) throws CommandFailedException {
        List<String> warnings = new ArrayList<>();
        if (commandA.equals(commandB)) {
            warnings.add("A and B are the same command: this is an A/A check (any verdict but no change or "
                    + "inconclusive is a false alarm)");
        }
        List<RunRecord> records = new ArrayList<>();
        String stop = "all " + s.rounds() + " rounds ran";
        boolean partial = false;
        double origin = Double.NaN;
        try {
            if (s.warmup() > 0) {
                progress.phase("warm-up", s.warmup());
                RoundOrder warm = new RoundOrder(~s.seed());
                for (int w = 0; w < s.warmup(); w++) {
                    for (Side side : warm.next()) {
                        runs.run(0, side, 0, command(side, commandA, commandB));
                    }
                    progress.advance(1);
                }
            }
            progress.phase("A/B rounds", s.rounds());
            RoundOrder order = new RoundOrder(s.seed()); // its own, so that the measured rounds are balanced
            for (int round = 1; round <= s.rounds(); round++) {
                Side[] sides = order.next();
                List<RunRecord> pair = new ArrayList<>(2);
                for (int i = 0; i < sides.length; i++) {
                    pair.add(runs.run(round, sides[i], i + 1, command(sides[i], commandA, commandB)));
                }
                if (Double.isNaN(origin)) {
                    origin = pair.get(0).start();
                }
                for (RunRecord r : pair) {
                    records.add(new RunRecord(r.round(), r.side(), r.position(), r.start() - origin, r.wall(), r.cpu(),
                            r.joules()));
                }
                progress.advance(1);
                if (s.adaptive() && round >= s.minRounds() && round < s.rounds()
                        && AbAnalysis.settled(AbAnalysis.rows(records, meters, s), s)) {
                    stop = "stopped after " + round + " rounds: every verdict was settled (each interval clear of "
                            + "the allowance's bounds)";
                    break;
                }
            }
        } catch (InterruptedException e) {
            partial = true;
            int done = AbAnalysis.complete(records).size();
            stop = "interrupted after " + done + " of " + s.rounds() + " rounds; the figures rest on those";
        } finally {
            progress.done();
        }
        List<AbRow> rows = AbAnalysis.rows(records, meters, s);
        int done = AbAnalysis.complete(records).size();
        if (rows.isEmpty()) {
            warnings.add("only " + done + " rounds were completed: at least " + AbSettings.MIN_ROUNDS
                    + " are needed for any figure or verdict");
        }
        return new AbReport(commandA, commandB, s, meters, done, records, rows, stop, partial, warnings);
    }

    private static String command(Side side, String a, String b) {
        return side == Side.A ? a : b;
    }
}
