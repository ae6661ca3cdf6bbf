package org.joulebench.runners.java;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that run one job at a time, split into {@code parts} pieces: the calling thread runs
 * piece 0 and the team the others. Nothing is allocated per job; idle threads spin briefly, then park.
 */
final class Workers implements AutoCloseable {

    /** Work split into pieces; {@code run(part, parts)} does piece {@code part}. */
    interface Job {
        void run(int part, int parts);
    }

    private static final int SPINS = 1 << 12;

    private final int parts;
    private final Thread[] team;
    private final AtomicInteger remaining = new AtomicInteger();
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
            int spins = 0;
            while (remaining.get() != 0) {
                if (spins++ < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("a worker failed: " + f, f);
        }
    }

    private void loop(int part) {
        int seen = 0;
        while (true) {
            int spins = 0;
            int e;
            while ((e = epoch) == seen) {
                if (closed) {
                    return;
                }
                if (spins++ < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
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
}
