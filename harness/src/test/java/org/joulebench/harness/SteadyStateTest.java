package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SteadyStateTest {

    private static final Score SCORE = new Score(1, Map.of());

    /** A response of {@code stream} sent at {@code sent}, tokens at the given times, ended at {@code end}. */
    private static ServedResponse r(int stream, int index, long sent, long end, long... tokens) {
        return new ServedResponse(stream, index, "i" + index, sent, sent, tokens, end, 3, SCORE);
    }

    @Test
    void closedLoopOpensAtTheLastStreamsFirstTokenAndClosesAtTheFirstStreamsLastEnd() {
        // Stream 0: requests at 0-10 and 10-25; stream 1: 2-14 (first token at 6) and 14-30.
        List<ServedResponse> timeline = List.of(
                r(0, 0, 0, 10, 3, 5, 10),
                r(1, 1, 2, 14, 6, 9, 14),
                r(0, 2, 10, 25, 13, 20, 25),
                r(1, 3, 14, 30, 17, 24, 30));
        assertEquals(Optional.of(new SteadyState.Span(6, 25)), SteadyState.closedLoop(timeline, 2));
    }

    @Test
    void theFirstTokenCountedIsThatOfEachStreamsFirstResponseEvenWhenListedLate() {
        List<ServedResponse> timeline = List.of(
                r(0, 2, 10, 25, 13, 20, 25),
                r(1, 3, 14, 30, 17, 24, 30),
                r(0, 0, 0, 10, 3, 5, 10),
                r(1, 1, 2, 14, 6, 9, 14));
        assertEquals(Optional.of(new SteadyState.Span(6, 25)), SteadyState.closedLoop(timeline, 2));
    }

    @Test
    void oneStreamSpansFromItsFirstTokenToItsLastEnd() {
        List<ServedResponse> timeline = List.of(r(0, 0, 0, 10, 4, 10), r(0, 1, 10, 20, 14, 20));
        assertEquals(Optional.of(new SteadyState.Span(4, 20)), SteadyState.closedLoop(timeline, 1));
    }

    @Test
    void noWindowWhenTheRampOutlastsTheFirstStream() {
        // Stream 0 is done at 10, before stream 1's first token at 12: no moment with both decoding.
        List<ServedResponse> timeline = List.of(r(0, 0, 0, 10, 3, 10), r(1, 1, 0, 20, 12, 20));
        assertFalse(SteadyState.closedLoop(timeline, 2).isPresent());
    }

    @Test
    void noWindowWhenAStreamSentNothing() {
        assertFalse(SteadyState.closedLoop(List.of(r(0, 0, 0, 10, 3, 10)), 2).isPresent());
    }

    @Test
    void tokensAreCountedInsideTheWindowEndsIncluded() {
        ServedResponse x = r(0, 0, 0, 30, 5, 6, 10, 25, 26);
        assertEquals(3, x.tokensWithin(6, 25));
        assertEquals(0, x.tokensWithin(11, 24));
    }

    @Test
    void poissonWindowRunsFromTheArrivalOfRequestOneTenthInToTheLastArrival() {
        long[] arrivals = new long[20];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = 100L * i * i;
        }
        assertEquals(2, SteadyState.poissonOpening(20));
        assertEquals(Optional.of(new SteadyState.Span(400, 36100)), SteadyState.poisson(arrivals));
        assertEquals(1, SteadyState.poissonOpening(3));
        assertFalse(SteadyState.poisson(new long[] {0, 5}).isPresent(), "two arrivals leave no span");
    }

    @Test
    void poissonArrivalsAreSeededAscendingAndAtTheAskedRate() {
        long[] a = PoissonArrivals.schedule(4000, 50, 7);
        assertEquals(0, a[0]);
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i] >= a[i - 1]);
        }
        double rate = (a.length - 1) / (a[a.length - 1] / 1e9);
        assertEquals(50, rate, 50 * 0.1, "the mean rate of 4,000 arrivals is within 10 % of 50/s");
        assertEquals(a[123], PoissonArrivals.schedule(4000, 50, 7)[123], "the same seed gives the same schedule");
    }

    @Test
    void theLiveRuleOpensOnceEveryStreamStartedAndClosesOnce() {
        SteadyState.Rule rule = new SteadyState.Rule(3);
        assertFalse(rule.firstToken(0));
        assertFalse(rule.firstToken(0), "a stream's second first token counts once");
        assertFalse(rule.firstToken(2));
        assertTrue(rule.firstToken(1));
        assertTrue(rule.streamDone(2));
        assertFalse(rule.streamDone(0));
    }
}
