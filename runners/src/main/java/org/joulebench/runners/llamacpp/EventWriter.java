package org.joulebench.runners.llamacpp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The child's end of the protocol: one event a line, each prefixed with {@link LlamaCppChild#MARK}. Events that mark
 * a moment ({@link #now}: the first token, the end, answers) reach the parent at once; streamed pieces
 * ({@link #later}) are held in a buffer and written together once the oldest of them has waited {@code maxDelay}, or
 * with the next {@link #now} event. A piece per write woke the parent once per token, on a machine whose cores
 * llama.cpp's threads were using; batches wake it a few times a second. Thread-safe: concurrent generations share
 * it.
 */
final class EventWriter {

    /** How long a streamed piece may wait for company before it is written. */
    static final Duration MAX_DELAY = Duration.ofMillis(100);

    private final OutputStream out;
    private final LongSupplier nanoClock;
    private final long maxDelayNanos;
    private final StringBuilder held = new StringBuilder();
    private long heldSince;

    /**
     * @param out       where the lines go (the child's real stdout)
     * @param nanoClock {@link System#nanoTime} but in tests
     * @param maxDelay  longest a piece waits in the buffer, measured when the next piece comes
     */
    EventWriter(OutputStream out, LongSupplier nanoClock, Duration maxDelay) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.maxDelayNanos = maxDelay.toNanos();
    }

    /** Writes {@code event}, after whatever is held, and flushes. */
    synchronized void now(Object event) {
        hold(event);
        write();
    }

    /** Holds {@code event}; writes everything held if the oldest held event has waited {@code maxDelay}. */
    synchronized void later(Object event) {
        if (held.length() == 0) {
            heldSince = nanoClock.getAsLong();
        }
        hold(event);
        if (nanoClock.getAsLong() - heldSince >= maxDelayNanos) {
            write();
        }
    }

    private void hold(Object event) {
        held.append(LlamaCppChild.MARK).append(event).append('\n');
    }

    private void write() {
        try {
            out.write(held.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to the parent: " + e.getMessage(), e);
        } finally {
            held.setLength(0);
        }
    }
}
