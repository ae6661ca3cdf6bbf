package org.joulebench.runners.java;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that run one job at a time, split into {@code parts} pieces: the calling thread runs
 * piece 0 and the team the others. Nothing is allocated per job.
 *
 * <p>A thread that waits (the caller for the team, the team for the next job) spins a little, then yields its core
 * for up to {@link #YIELD_NANOS}, then parks. Yielding matters when the machine has more runnable threads than
 * cores: a waiter that only spun would hold the core the thread it waits for needs, and a decode step has some forty
 * waits. On a machine shared with a build, yielding doubled the java engine's tokens/s with two threads and halved
 * its CPU time per token. Parking after a while keeps idle engines from burning CPU between requests.
 */
final class Workers implements AutoCloseable {

    /** Work split into pieces; {@code run(part, parts)} does piece {@code part}. */
    interface Job {
        void run(int part, int parts);
    }

    private static final int SPINS = 64;
    static final long YIELD_NANOS = 2_000_000;

    private final int parts;
    private final Thread[] team;
    private final AtomicInteger remaining = new AtomicInteger();
    private final Backoff callerBackoff = new Backoff();
    private volatile Job job;
    private volatile int epoch;
    private volatile Thread caller;
    private volatile boolean closed;
    private volatile Throwable failure;

    Workers(int parts, String name) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, was " + parts);
        }
        this.parts = parts;
        this.team = new Thread[parts - 1];
        for (int i = 0; i < team.length; i++) {
            int part = i + 1;
            team[i] = new Thread(() -> loop(part), name + "-" + part);
            team[i].setDaemon(true);
            team[i].start();
        }
    }

    int parts() {
        return parts;
    }

    /** Runs every piece of {@code j} and returns when all are done; rethrows a piece's failure. */
    void run(Job j) {
        if (closed) {
            throw new IllegalStateException("workers are closed");
        }
        if (parts == 1) {
            j.run(0, 1);
            return;
        }
        caller = Thread.currentThread();
        failure = null;
        job = j;
        remaining.set(parts - 1);
        epoch = epoch + 1;
        for (Thread t : team) {
            LockSupport.unpark(t);
        }
        try {
            j.run(0, parts);
        } finally {
            callerBackoff.reset();
            while (remaining.get() != 0) {
                callerBackoff.pause(this);
            }
        }
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("a worker failed: " + f, f);
        }
    }

    private void loop(int part) {
        int seen = 0;
        Backoff backoff = new Backoff();
        while (true) {
            backoff.reset();
            int e;
            while ((e = epoch) == seen) {
                if (closed) {
                    return;
                }
                backoff.pause(this);
            }
            seen = e;
            try {
                job.run(part, parts);
            } catch (Throwable t) {
                failure = t;
            }
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : team) {
            LockSupport.unpark(t);
        }
    }

    /** One wait's escalation: spin, then yield, then park (woken by {@code unpark}, or spuriously). */
    private static final class Backoff {
        private int spins;
        private boolean yielding;
        private long yieldingSince;

        void reset() {
            spins = 0;
            yielding = false;
        }

        void pause(Object blocker) {
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
                return;
            }
            long now = System.nanoTime();
            if (!yielding) {
                yielding = true;
                yieldingSince = now;
            }
            if (now - yieldingSince < YIELD_NANOS) {
                Thread.yield();
            } else {
                LockSupport.park(blocker);
            }
        }
    }
}
