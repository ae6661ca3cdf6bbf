package org.joulebench.harness;

import java.util.List;
import java.util.Optional;

/**
 * The steady-state window of a serving level, as the ML.ENERGY benchmark defines it: the span in which the engine
 * serves exactly the level's load, without the ramp-up and the tail.
 * <ul>
 *   <li><b>Closed loop</b> (N streams, each sending its next request when its previous one ends, from one shared
 *   queue of requests): the window opens when every stream has received the first token of its first response
 *   (the ramp-up is over: N requests are decoding) and closes when the first stream ends its last response (the
 *   queue is empty and the load starts draining). Inside it exactly N streams are busy.</li>
 *   <li><b>Poisson arrivals</b> (requests due at seeded exponential gaps; at most N in flight): the window opens at the
 *   arrival of request ⌈R/10⌉ (the first tenth of the requests is warm-up, while the engine fills) and closes at the
 *   last arrival (after it no load comes, so the drain begins). Both ends are known before the level starts.</li>
 * </ul>
 * The level's {@link ServingMeter} reads the counters at these moments as they happen ({@link Rule}); this class also
 * finds the window afterwards from recorded responses ({@link #closedLoop}), which is what the tests check.
 */
final class SteadyState {

    private SteadyState() {
    }

    /** A window in nanoseconds of the level's clock. */
    record Span(long openNanos, long closeNanos) {

        double seconds() {
            return (closeNanos - openNanos) / 1e9;
        }
    }

    /**
     * The closed loop's window from the responses of {@code streams} streams: from the latest first token of any
     * stream's first response to the earliest end of any stream's last response; empty when a stream sent nothing
     * or the window would be empty (too few requests per stream for the ramp to end before the drain).
     */
    static Optional<Span> closedLoop(List<ServedResponse> responses, int streams) {
        long[] firstToken = new long[streams];
        long[] firstSent = new long[streams];
        long[] lastEnd = new long[streams];
        boolean[] seen = new boolean[streams];
        java.util.Arrays.fill(firstSent, Long.MAX_VALUE);
        for (ServedResponse r : responses) {
            int s = r.stream();
            if (r.sentNanos() < firstSent[s]) {
                firstSent[s] = r.sentNanos();
                firstToken[s] = r.tokenNanos().length == 0 ? r.endNanos() : r.tokenNanos()[0];
            }
            lastEnd[s] = seen[s] ? Math.max(lastEnd[s], r.endNanos()) : r.endNanos();
            seen[s] = true;
        }
        long open = Long.MIN_VALUE;
        long close = Long.MAX_VALUE;
        for (int s = 0; s < streams; s++) {
            if (!seen[s]) {
                return Optional.empty();
            }
            open = Math.max(open, firstToken[s]);
            close = Math.min(close, lastEnd[s]);
        }
        return close > open ? Optional.of(new Span(open, close)) : Optional.empty();
    }

    /** The index of the request whose arrival opens a Poisson level's window: ⌈R/10⌉. */
    static int poissonOpening(int requests) {
        return (requests + 9) / 10;
    }

    /**
     * The Poisson window from the arrival schedule: from the arrival of request {@link #poissonOpening} to the last
     * arrival; empty when they coincide (too few requests).
     */
    static Optional<Span> poisson(long[] arrivals) {
        int open = poissonOpening(arrivals.length);
        if (open >= arrivals.length - 1) {
            return Optional.empty();
        }
        long from = arrivals[open];
        long to = arrivals[arrivals.length - 1];
        return to > from ? Optional.of(new Span(from, to)) : Optional.empty();
    }

    /**
     * The closed loop's rule as events happen, for reading the meter at the window's ends on the fly: {@link
     * #firstToken} says when the window opens, {@link #streamDone} when it closes. Thread-safe.
     */
    static final class Rule {

        private final int streams;
        private final boolean[] started;
        private int startedCount;
        private boolean closed;

        Rule(int streams) {
            this.streams = streams;
            this.started = new boolean[streams];
        }

        /** A stream's response got its first token: true once, when this makes every stream started. */
        synchronized boolean firstToken(int stream) {
            if (started[stream]) {
                return false;
            }
            started[stream] = true;
            return ++startedCount == streams;
        }

        /** A stream found no more requests after its last response: true once, for the first such stream. */
        synchronized boolean streamDone(int stream) {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        }
    }
}
