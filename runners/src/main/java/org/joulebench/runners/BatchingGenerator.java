package org.joulebench.runners;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import org.joulebench.runners.DecodeBatch.Sequence;
import org.joulebench.runners.DecodeBatch.Token;

/**
 * A {@link SharedGenerator} that batches its callers' requests on an engine that can ({@link BatchDecoding}): one
 * driver thread takes queued requests into free places of a {@link DecodeBatch} (each prompt runs as it joins), steps
 * all the sequences in it together, tells each caller's listener its tokens, and hands each caller its
 * {@link Generation} when its sequence ends. Requests join and leave between steps (continuous batching).
 *
 * <p>A failure costs only what it touched: a request that cannot join, or whose listener throws, fails alone; a step
 * that fails fails the requests in it. {@link #close()} fails every caller still waiting, then stops the driver.
 */
final class BatchingGenerator implements SharedGenerator {

    private final GenerationBackend backend;
    private final DecodeBatch batch;
    private final LinkedBlockingQueue<Call> queue = new LinkedBlockingQueue<>();
    private final Set<Call> waiting = ConcurrentHashMap.newKeySet();
    private final Thread driver;
    private volatile boolean closed;
    /** Why the driver stopped, where it stopped on its own. */
    private volatile String dead;

    /** One caller's request, as the driver holds it. */
    private static final class Call {
        final GenerationRequest request;
        final GenerationListener listener;
        final long start = System.nanoTime();
        final CompletableFuture<Generation> result = new CompletableFuture<>();
        final List<Integer> tokens = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        Sequence sequence;
        long first;
        long last;

        Call(GenerationRequest request, GenerationListener listener) {
            this.request = request;
            this.listener = listener;
        }
    }

    /** Wakes the driver to stop. */
    private static final Call STOP = new Call(GenerationRequest.greedy("", 1), GenerationListener.NONE);

    BatchingGenerator(GenerationBackend backend, DecodeBatch batch) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.driver = new Thread(this::drive, "joulebench-batch-" + backend.backend());
        driver.setDaemon(true);
        driver.start();
    }

    @Override
    public GenerationBackend backend() {
        return backend;
    }

    @Override
    public int maxBatch() {
        return batch.capacity();
    }

    @Override
    public Optional<String> whyNotBatched() {
        return Optional.empty();
    }

    @Override
    public Generation generate(GenerationRequest request, GenerationListener listener) throws BackendException {
        Call call = new Call(Objects.requireNonNull(request, "request"), Objects.requireNonNull(listener, "listener"));
        waiting.add(call);
        try {
            queue.add(call);
            if (closed || dead != null) {
                fail(call, stoppedMessage());
            }
            return call.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(call, "interrupted while waiting for the " + backend.backend() + " engine");
            throw new BackendException("interrupted while waiting for the " + backend.backend() + " engine", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new BackendException(cause.getMessage(), cause);
        } finally {
            waiting.remove(call);
        }
    }

    private String stoppedMessage() {
        return dead != null ? dead : "the " + backend.backend() + " engine was closed";
    }

    private static void fail(Call call, String message) {
        call.result.completeExceptionally(new BackendException(message));
    }

    /** The driver: admit, step, hand out tokens, until closed. */
    private void drive() {
        List<Call> live = new ArrayList<>();
        List<Sequence> sequences = new ArrayList<>();
        try {
            while (!closed) {
                while (live.size() < batch.capacity()) {
                    Call call = live.isEmpty() ? queue.take() : queue.poll();
                    if (call == null || call == STOP) {
                        break;
                    }
                    if (!call.result.isDone()) {
                        admit(call, live);
                    }
                }
                live.removeIf(c -> c.result.isDone() && leave(c));
                if (closed || live.isEmpty()) {
                    continue;
                }
                sequences.clear();
                for (Call c : live) {
                    sequences.add(c.sequence);
                }
                try {
                    batch.step(sequences);
                } catch (BackendException | RuntimeException | OutOfMemoryError e) {
                    String why = "the " + backend.backend() + " engine failed in a step of " + live.size()
                            + " sequences: " + e.getMessage();
                    for (Call c : live) {
                        fail(c, why);
                        leave(c);
                    }
                    live.clear();
                    continue;
                }
                for (Iterator<Call> it = live.iterator(); it.hasNext(); ) {
                    if (!advance(it.next())) {
                        it.remove();
                    }
                }
            }
        } catch (InterruptedException e) {
            dead = "the " + backend.backend() + " engine's batch driver was interrupted";
        } catch (RuntimeException | Error e) {
            dead = "the " + backend.backend() + " engine's batch driver failed: " + e;
        } finally {
            String why = stoppedMessage();
            for (Call c : live) {
                fail(c, why);
            }
            for (Call c; (c = queue.poll()) != null; ) {
                fail(c, why);
            }
            for (Call c : waiting) {
                fail(c, why);
            }
        }
    }

    /** Runs the call's prompt in a free place and takes its first token; leaves it in {@code live} if it goes on. */
    private void admit(Call call, List<Call> live) {
        try {
            call.sequence = batch.join(call.request);
        } catch (BackendException e) {
            call.result.completeExceptionally(e);
            return;
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(call, "the " + backend.backend() + " engine could not start the request: " + e.getMessage());
            return;
        }
        try {
            call.listener.prefillDone(call.sequence.promptTokens());
        } catch (RuntimeException e) {
            fail(call, "the request's listener failed: " + e);
            leave(call);
            return;
        }
        if (advance(call)) {
            live.add(call);
        }
    }

    /** Takes the call's next token and tells its listener; false once the call is done (ended or failed). */
    private boolean advance(Call call) {
        Token token = call.sequence.next();
        call.last = System.nanoTime();
        if (call.tokens.isEmpty()) {
            call.first = call.last;
        }
        call.tokens.add(token.id());
        call.text.append(token.piece());
        try {
            call.listener.token(token.id(), token.piece());
        } catch (RuntimeException e) {
            fail(call, "the request's listener failed: " + e);
            leave(call);
            return false;
        }
        if (call.result.isDone()) {
            leave(call);
            return false;
        }
        if (call.sequence.ended()) {
            call.text.append(call.sequence.flush());
            leave(call);
            call.result.complete(new Generation(call.text.toString(), call.tokens, call.sequence.promptTokens(),
                    call.tokens.size(), token.eos(), call.first - call.start, call.last - call.first));
            return false;
        }
        return true;
    }

    private static boolean leave(Call call) {
        if (call.sequence != null) {
            call.sequence.leave();
        }
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        String why = stoppedMessage();
        for (Call c : waiting) {
            fail(c, why);
        }
        queue.add(STOP);
        boolean interrupted = false;
        // A listener may close the generator from the driver thread, which then stops after this call.
        while (driver.isAlive() && Thread.currentThread() != driver) {
            try {
                driver.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            batch.close();
            backend.close();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
