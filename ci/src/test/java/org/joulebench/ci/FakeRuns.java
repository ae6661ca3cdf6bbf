package org.joulebench.ci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs without processes: each side costs a fixed work times a shared drift (the machine's state, the same for
 * both runs of a round) times its own seeded noise. Energy is 2 J per second of wall time. Can be told to fail a
 * run or to be interrupted at a given run.
 */
final class FakeRuns implements CommandRuns {

    private final double workA;
    private final double workB;
    private final double noise;
    private final Random random;
    final List<String> log = new ArrayList<>();
    int failAtRun = -1;
    int interruptAtRun = -1;
    private int calls;
    private double clock;
    private boolean interrupted;

    /**
     * @param workA seconds side A takes on a quiet machine
     * @param workB the same for B
     * @param noise the relative spread of each run
     */
    FakeRuns(double workA, double workB, double noise, long seed) {
        this.workA = workA;
        this.workB = workB;
        this.noise = noise;
        this.random = new Random(seed);
    }

    @Override
    public RunRecord run(int round, Side side, int position, String command) throws CommandFailedException,
            InterruptedException {
        calls++;
        if (calls == interruptAtRun) {
            interrupt();
        }
        if (interrupted) {
            throw new InterruptedException("interrupted");
        }
        if (calls == failAtRun) {
            throw new CommandFailedException("round " + round + ", " + side + ": '" + command + "'", 3, "boom\n");
        }
        // A drift that grows over the job: the machine gets slower, both sides alike.
        double drift = 1 + 0.01 * round;
        double wall = (side == Side.A ? workA : workB) * drift * (1 + noise * random.nextGaussian());
        log.add(round + ":" + side + ":" + position + ":" + command);
        double start = clock;
        clock += wall;
        return new RunRecord(round, side, position, start, wall, wall * 0.9, Map.of("fake", 2 * wall));
    }

    @Override
    public void interrupt() {
        interrupted = true;
    }
}
