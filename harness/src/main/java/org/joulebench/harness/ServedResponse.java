package org.joulebench.harness;

/**
 * One response of the serving scenario as its stream saw it, times in nanoseconds of the level's clock.
 *
 * @param stream       the client stream that sent it, from 0 (closed loop); the slot that sent it (Poisson arrivals)
 * @param index        its request number within the level, from 0
 * @param item         the dataset item it asked about
 * @param arrivedNanos when it was due: its Poisson arrival time, or when its stream sent it (closed loop)
 * @param sentNanos    when its stream sent it to the engine
 * @param tokenNanos   each output token's arrival, in order (from {@code GenerationListener.token})
 * @param endNanos     when the engine returned it
 * @param promptTokens prompt tokens as the engine counted them
 * @param score        how well it answered its item
 */
record ServedResponse(int stream, int index, String item, long arrivedNanos, long sentNanos, long[] tokenNanos,
                      long endNanos, int promptTokens, Score score) {

    int outputTokens() {
        return tokenNanos.length;
    }

    /** Time to first token from its arrival (queueing included, as a client sees it); null without tokens. */
    Double ttftMs() {
        return tokenNanos.length == 0 ? null : (tokenNanos[0] - arrivedNanos) / 1e6;
    }

    /** Time per output token after the first; null with fewer than two tokens. */
    Double tpotMs() {
        int n = tokenNanos.length;
        return n < 2 ? null : (tokenNanos[n - 1] - tokenNanos[0]) / 1e6 / (n - 1);
    }

    /** Output tokens that arrived in [{@code from}, {@code to}]. */
    int tokensWithin(long from, long to) {
        int n = 0;
        for (long t : tokenNanos) {
            if (t >= from && t <= to) {
                n++;
            }
        }
        return n;
    }
}
