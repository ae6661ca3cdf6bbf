package org.joulebench.runners.serve;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.joulebench.runners.BackendException;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.SharedGenerator;

/**
 * One request's generation, run on the server's engine pool. It never touches the client's connection: what the
 * engine produces goes into {@link #events}, which the request's HTTP thread writes out, so a client that stops
 * reading holds its own thread and nothing of the engine's. {@link #cancel} makes the engine drop the request at its
 * next token (the client went away, or the server is closing).
 */
final class Job implements Runnable {

    sealed interface Event permits Token, Done, Failed {
    }

    /** A piece of generated text (never empty). */
    record Token(String piece) implements Event {
    }

    /** The generation, and the {@code usage} fields of its energy (null without a meter). */
    record Done(Generation generation, ObjectNode energyFields) implements Event {
    }

    record Failed(ApiError error) implements Event {
    }

    /** Thrown from the listener into the engine to drop a cancelled request. */
    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("request cancelled", null, false, false);
        }
    }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final SharedGenerator generator;
    private final GenerationRequest request;
    private final EnergyWindows energy;
    private final String label;
    private final Runnable finished;
    private volatile ApiError cancelledWith;

    /** {@code energy} null for no meter; {@code finished} runs once, whatever happens, when the job is over. */
    Job(SharedGenerator generator, GenerationRequest request, EnergyWindows energy, String label, Runnable finished) {
        this.generator = generator;
        this.request = request;
        this.energy = energy;
        this.label = label;
        this.finished = finished;
    }

    /** Drops the request at the engine's next token, or before it starts; its HTTP thread hears {@code why}. */
    void cancel(ApiError why) {
        cancelledWith = why;
    }

    @Override
    public void run() {
        try {
            if (cancelledWith != null) {
                events.add(new Failed(cancelledWith));
                return;
            }
            EnergyWindows.Open window = energy == null ? null : energy.begin(label);
            Generation g;
            ObjectNode energyFields = null;
            try {
                g = generator.generate(request, new GenerationListener() {
                    @Override
                    public boolean timesEachToken() {
                        return true; // a streaming client sees each token when it comes
                    }

                    @Override
                    public void token(int id, String piece) {
                        if (cancelledWith != null) {
                            throw new Cancelled();
                        }
                        if (!piece.isEmpty()) {
                            events.add(new Token(piece));
                        }
                    }
                });
            } finally {
                if (window != null) {
                    energyFields = energy.end(window);
                }
            }
            events.add(new Done(g, energyFields));
        } catch (Cancelled e) {
            events.add(new Failed(cancelledWith));
        } catch (BackendException e) {
            events.add(new Failed(cancelledWith != null ? cancelledWith : ApiError.engine(e.getMessage())));
        } catch (RuntimeException | Error e) {
            events.add(new Failed(cancelledWith != null ? cancelledWith : ApiError.engine("the engine failed: " + e)));
            if (e instanceof Error err) {
                throw err;
            }
        } finally {
            finished.run();
        }
    }

    /** A job that never ran (the pool was shut down with it still queued): its HTTP thread hears {@code why}. */
    void abandon(ApiError why) {
        events.add(new Failed(why));
        finished.run();
    }
}
