package org.joulebench.ci;

import java.util.Map;

/**
 * One measured run of one side's command.
 *
 * @param round    the round, from 1; 0 for a warm-up round (not recorded in the figures)
 * @param side     which command ran
 * @param position 1 when it ran first in its round, 2 when second
 * @param start    seconds from the first measured run's start to this run's start
 * @param wall     seconds from the command's start to its exit
 * @param cpu      CPU seconds the command and its waited-for descendants used; NaN where they cannot be read
 * @param joules   energy of the run's window per meter id (the meter's total over its domains), gross
 */
public record RunRecord(int round, Side side, int position, double start, double wall, double cpu,
                        Map<String, Double> joules) {

    public RunRecord {
        joules = Map.copyOf(joules);
    }
}
