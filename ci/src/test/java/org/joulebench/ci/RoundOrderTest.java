package org.joulebench.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RoundOrderTest {

    private static List<Side> firsts(long seed, int rounds) {
        RoundOrder order = new RoundOrder(seed);
        List<Side> out = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Side[] s = order.next();
            assertEquals(2, s.length);
            assertNotEquals(s[0], s[1], "each round runs A once and B once");
            out.add(s[0]);
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameOrder() {
        assertEquals(firsts(42, 40), firsts(42, 40));
    }

    @Test
    void differentSeedsGiveDifferentOrders() {
        assertNotEquals(firsts(1, 40), firsts(2, 40));
    }

    @Test
    void balancedAfterEveryBlockOfTwoRounds() {
        for (long seed = 0; seed < 50; seed++) {
            List<Side> f = firsts(seed, 31);
            int aFirst = 0;
            for (int i = 0; i < f.size(); i++) {
                aFirst += f.get(i) == Side.A ? 1 : 0;
                int rounds = i + 1;
                // after any number of rounds A went first half the time, to within one round
                assertTrue(Math.abs(2 * aFirst - rounds) <= 1, "seed " + seed + ", after " + rounds + ": " + aFirst);
            }
        }
    }

    @Test
    void randomizedRatherThanAlternating() {
        // Blocks are AB,BA or BA,AB at random: over 40 blocks both kinds occur, so the order is not a fixed pattern.
        List<Side> f = firsts(5, 80);
        int startsWithA = 0;
        for (int i = 0; i < f.size(); i += 2) {
            startsWithA += f.get(i) == Side.A ? 1 : 0;
        }
        assertTrue(startsWithA > 10 && startsWithA < 30, startsWithA + " of 40 blocks start with A");
    }
}
