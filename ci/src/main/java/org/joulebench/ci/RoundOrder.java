package org.joulebench.ci;

import java.util.Random;

/**
 * Which side runs first in each round: randomized, seeded, and balanced in blocks of two rounds (one round of
 * each block runs A first, the other B first, in random order), so that however many rounds are measured, A
 * and B ran first equally often to within one. A fixed order would fold any effect of going first or second
 * (a warm cache, a cooler chip) into the difference; randomizing it turns that into noise that both sides
 * share, and balancing keeps it from piling up on one side by chance (randomized multiple interleaved
 * trials, Abedi and Brecht, ICPE 2017).
 */
public final class RoundOrder {

    private final Random random;
    private Boolean pending; // the second round of the current block, once the first was drawn

    public RoundOrder(long seed) {
        this.random = new Random(seed);
    }

    /** The order of the next round: the two sides, first to last. */
    public Side[] next() {
        boolean aFirst;
        if (pending == null) {
            aFirst = random.nextBoolean();
            pending = !aFirst;
        } else {
            aFirst = pending;
            pending = null;
        }
        return aFirst ? new Side[] {Side.A, Side.B} : new Side[] {Side.B, Side.A};
    }
}
