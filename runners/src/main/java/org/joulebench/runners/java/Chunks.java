package org.joulebench.runners.java;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job's items (rows, heads) handed out a chunk at a time to whichever worker asks next, as ggml hands out the
 * chunks of a product. Split in equal shares fixed in advance, a step waits for its slowest worker: on a shared
 * machine whose other load takes a core away for a few milliseconds, the other worker sat idle at each wait. Which
 * worker computes an item does not change its value.
 *
 * <p>{@link #reset} is called by the thread that then starts the job ({@link Workers#run}), which publishes it to
 * the workers.
 */
final class Chunks {

    private final AtomicInteger next = new AtomicInteger();
    private int total;
    private int size;

    /** {@code total} items in chunks of {@code size} (at least 1), none taken yet. */
    void reset(int total, int size) {
        this.total = total;
        this.size = Math.max(1, size);
        next.set(0);
    }

    /** The first item of the next chunk, or -1 when every chunk has been taken. */
    int claim() {
        int c = next.getAndIncrement();
        long start = (long) c * size;
        return start < total ? (int) start : -1;
    }

    /** One past the last item of the chunk that starts at {@code start}. */
    int end(int start) {
        return Math.min(start + size, total);
    }
}
