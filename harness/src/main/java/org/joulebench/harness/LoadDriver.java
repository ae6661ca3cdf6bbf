package org.joulebench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.joulebench.meters.Ticker;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.SharedGenerator;

/**
 * Drives one serving level: {@code streams} client threads against one {@link SharedGenerator}, each request's token
 * arrivals recorded, the steady-state window read on the fly through a {@link ServingMeter}.
 * <ul>
 *   <li>Closed loop: each stream takes the next request from a shared queue when its previous one ends; the first
 *   stream to find the queue empty (or to stop) closes the steady window, the last stream to get its first token
 *   opens it ({@link SteadyState.Rule}).</li>
 *   <li>Poisson arrivals: requests fall due at {@link PoissonArrivals} times; at most {@code streams} are in flight (a
 *   request due while all are busy waits, and its time to first token counts the wait); the window opens and closes at
 *   the arrivals {@link SteadyState#poisson} names.</li>
 * </ul>
 * A stop request ends issuing: requests in flight finish. A failing request stops the others from issuing and is
 * reported; an engine that sends nothing for {@code stallTimeout} is given up on (its threads are daemons and are left
 * behind), so a level never hangs.
 */
final class LoadDriver {

    /** One request to send. */
    record Request(String item, GenerationRequest request) {
    }

    /** Scores a response of request {@code index}. */
    @FunctionalInterface
    interface Scorer {
        Score score(int index, Generation generation);
    }

    /**
     * What the level did.
     *
     * @param failure why it ended early (a request failed, the engine stalled), or null
     * @param stopped whether a stop request ended its issuing
     */
    record Outcome(List<ServedResponse> responses, ServingMeter.Readings readings, String failure, boolean stopped) {
    }

    private final Ticker clock;
    private final Duration stallTimeout;
    private final BooleanSupplier stop;

    LoadDriver(Ticker clock, Duration stallTimeout, BooleanSupplier stop) {
        this.clock = clock;
        this.stallTimeout = stallTimeout;
        this.stop = stop;
    }

    /**
     * Runs the level.
     *
     * @param arrivals Poisson arrival times in nanoseconds from the level's start, or null for a closed loop
     */
    Outcome run(String label, SharedGenerator generator, int streams, List<Request> requests, long[] arrivals,
                Scorer scorer, ServingMeter meter) {
        Level level = new Level(generator, requests, scorer, meter, streams);
        meter.beginLevel(label);
        level.start = clock.nanoTime();
        level.progress.set(System.nanoTime());
        List<Thread> threads = new ArrayList<>();
        if (arrivals == null) {
            for (int s = 0; s < streams; s++) {
                int stream = s;
                threads.add(start(label, stream, () -> level.closedLoop(stream)));
            }
            waitFor(threads, level);
        } else {
            Thread dispatcher = start(label, -1, () -> level.poisson(arrivals, threads));
            waitFor(List.of(dispatcher), level);
            List<Thread> senders;
            synchronized (threads) {
                senders = new ArrayList<>(threads);
            }
            waitFor(senders, level);
        }
        ServingMeter.Readings readings = meter.endLevel();
        List<ServedResponse> done = new ArrayList<>(level.responses);
        done.sort(java.util.Comparator.comparingInt(ServedResponse::index));
        return new Outcome(done, readings, level.failure.get(), level.stopped);
    }

    private static Thread start(String label, int stream, Runnable body) {
        Thread t = new Thread(body, "joulebench-serving-" + label + "-" + (stream < 0 ? "arrivals" : stream));
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Joins the threads, giving up when the engine sends nothing for the stall timeout while requests are in flight
     * (a Poisson level waiting for its next arrival with none in flight is not stalled).
     */
    private void waitFor(List<Thread> threads, Level level) {
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    level.fail("interrupted while waiting for the streams");
                    return;
                }
                if (level.inFlight.get() > 0 && System.nanoTime() - level.progress.get() > stallTimeout.toNanos()
                        && t.isAlive()) {
                    level.fail("the engine sent nothing for " + stallTimeout.toSeconds() + " s (stalled)");
                    return;
                }
            }
        }
    }

    /** One level's shared state. */
    private final class Level {
        final SharedGenerator generator;
        final List<Request> requests;
        final Scorer scorer;
        final ServingMeter meter;
        final SteadyState.Rule rule;
        final int streams;
        final AtomicInteger next = new AtomicInteger();
        final java.util.concurrent.CyclicBarrier startLine;
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong progress = new AtomicLong();
        final AtomicInteger inFlight = new AtomicInteger();
        final List<ServedResponse> responses = Collections.synchronizedList(new ArrayList<>());
        volatile boolean stopped;
        long start;

        Level(SharedGenerator generator, List<Request> requests, Scorer scorer, ServingMeter meter, int streams) {
            this.generator = generator;
            this.requests = requests;
            this.scorer = scorer;
            this.meter = meter;
            this.rule = new SteadyState.Rule(streams);
            this.streams = streams;
            this.startLine = new java.util.concurrent.CyclicBarrier(streams);
            this.next.set(streams);
        }

        void fail(String why) {
            failure.compareAndSet(null, why);
        }

        boolean halted() {
            if (failure.get() != null) {
                return true;
            }
            if (stop.getAsBoolean()) {
                stopped = true;
            }
            return stopped;
        }

        void closedLoop(int stream) {
            // Stream s sends request s first, all streams at once, so that every stream has work and the ramp-up is
            // as short as the engine allows; then each takes the next request of the shared queue.
            boolean first = true;
            try {
                startLine.await();
            } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
                Thread.currentThread().interrupt();
                fail("interrupted before the streams started");
            }
            while (!halted()) {
                int i = first ? stream : next.getAndIncrement();
                first = false;
                if (i >= requests.size()) {
                    break;
                }
                long sent = clock.nanoTime();
                send(stream, i, sent, sent, () -> {
                    if (rule.firstToken(stream)) {
                        meter.openSteady();
                    }
                });
            }
            // The first stream out of work (or told to stop) starts the drain: the steady state ends here.
            if (rule.streamDone(stream)) {
                meter.closeSteady();
            }
        }

        void poisson(long[] arrivals, List<Thread> threads) {
            Semaphore slots = new Semaphore(streams, true);
            int opening = SteadyState.poissonOpening(arrivals.length);
            for (int i = 0; i < arrivals.length && !halted(); i++) {
                long due = start + arrivals[i];
                for (long wait = due - clock.nanoTime(); wait > 0 && !halted(); wait = due - clock.nanoTime()) {
                    LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                }
                if (halted()) {
                    break;
                }
                if (i == opening) {
                    meter.openSteady();
                }
                if (i == arrivals.length - 1) {
                    meter.closeSteady();
                }
                try {
                    while (!slots.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        if (halted()) {
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted while dispatching");
                    return;
                }
                int index = i;
                long arrived = due;
                synchronized (threads) {
                    threads.add(start("poisson", index, () -> {
                        try {
                            send(index % streams, index, arrived, clock.nanoTime(), () -> { });
                        } finally {
                            slots.release();
                        }
                    }));
                }
            }
            // stopped or failed before the last arrival: the steady state ends now
            meter.closeSteady();
        }

        private void send(int stream, int index, long arrived, long sent, Runnable onFirstToken) {
            Request r = requests.get(index);
            long[] times = new long[r.request().maxNewTokens()];
            int[] count = {0};
            GenerationListener listener = new GenerationListener() {
                @Override
                public boolean timesEachToken() {
                    return true;
                }

                @Override
                public void token(int id, String piece) {
                    long now = clock.nanoTime();
                    progress.set(System.nanoTime());
                    if (count[0] == times.length) {
                        return; // an engine that sends more than it was asked for: the extra are not counted
                    }
                    times[count[0]++] = now;
                    if (count[0] == 1) {
                        onFirstToken.run();
                    }
                }
            };
            progress.set(System.nanoTime());
            inFlight.incrementAndGet();
            try {
                Generation g = generator.generate(r.request(), listener);
                long end = clock.nanoTime();
                progress.set(System.nanoTime());
                if (count[0] == 0) {
                    onFirstToken.run(); // a response without tokens still ends its stream's ramp
                }
                responses.add(new ServedResponse(stream, index, r.item(), arrived, sent,
                        java.util.Arrays.copyOf(times, count[0]), end, g.promptTokens(), scorer.score(index, g)));
            } catch (BackendException | RuntimeException e) {
                fail("request " + index + " (item " + r.item() + ") failed: " + e.getMessage());
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }
}
