package org.joulebench.runners.llamacpp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.joulebench.runners.BackendException;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.ParallelDecoding;

/**
 * A GGUF model held by llama.cpp in a child JVM. Every wait on the child is bounded by {@code eventTimeout}: a child
 * that says nothing for that long is stopped and the call fails.
 *
 * <p>What the binding (de.kherud:llama 4.2.0, llama.cpp build 4916) does not give, and what this backend does instead:
 * <ul>
 *   <li>Generated token ids: its stream carries text only. {@link Generation#tokens()} is empty and the listener
 *       hears id {@value #UNKNOWN_ID} with each streamed piece. A piece is one token, or several when llama.cpp held
 *       back a token that ended inside a UTF-8 character.</li>
 *   <li>Token counts: a generation that is not stopped by end-of-sequence ran to the limit, so {@code newTokens} is
 *       then exactly {@code maxNewTokens} (the context is checked to have room first, and context shifting is off).
 *       One stopped by end-of-sequence counts its pieces, the end-of-sequence token included: exact unless a piece
 *       held more than one token.</li>
 *   <li>End-of-sequence: recognised by the empty piece that llama.cpp streams for it. If it follows a token held
 *       back mid-character, no empty piece comes and the generation reads as stopped at the limit.</li>
 *   <li>BOS: llama.cpp honours {@code tokenizer.ggml.add_bos_token}. With {@code false}, as Joulebench's models
 *       have it, prompts are generated from without BOS, as {@link #tokenize} counts them. A GGUF with {@code true}
 *       gets a BOS before the prompt when generating, one token more than {@code promptTokens} says (the binding's
 *       tokenizer never adds it).</li>
 *   <li>Timing: time to first token is the parent's, from the call to the first-token event; decode time is the
 *       child's, from its first output to its last, taken where the tokens come out (as the bare loop is timed),
 *       so that the pipe's wake-up delays at either end do not count as decoding.</li>
 *   <li>Streaming: the child writes pieces in batches (once the oldest held piece has waited
 *       {@link EventWriter#MAX_DELAY}, looked at as each piece comes), so the listener hears them late and in
 *       bursts. {@code prefillDone} and the end are sent at once.</li>
 *   <li>Probabilities: asking for {@code n_probs} aborts the native code (the binding reads a {@code probs} key that
 *       this llama.cpp no longer writes), so {@link #log2Likelihood} is unsupported.</li>
 * </ul>
 *
 * <p>Batching: the binding embeds llama.cpp's server loop, which decodes the sequences of its parallel slots together
 * (continuous batching). {@link #decodeInParallel} reloads the model in a new child with that many slots; requests
 * then carry ids, run concurrently in the child, and a {@link Demux} hands their events back to their callers.
 */
final class LlamaCppBackend implements GenerationBackend, ParallelDecoding {

    /** Starts a child with the model loaded in {@code parallel} slots. */
    interface Loader {
        ChildProcess load(int parallel) throws BackendException;
    }

    /** The next event of one request. */
    private interface Events {
        JsonNode next() throws BackendException;
    }

    static final int UNKNOWN_ID = -1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_SEED = 0xFFFF_FFFEL;

    private final Duration eventTimeout;
    private final Loader loader;
    private final String device;
    private volatile ChildProcess child;
    /** Non-null once the model has several slots. */
    private volatile Demux demux;
    private int parallel = 1;

    /** Over a child that cannot be reloaded with more slots. */
    LlamaCppBackend(ChildProcess child, Duration eventTimeout) {
        this(child, eventTimeout, parallel -> {
            throw new BackendException("this llama.cpp child was started without a model file to reload");
        }, "cpu");
    }

    /** @param device where the model runs: {@code cpu}, or {@code cuda (X/Y layers)} when layers were offloaded */
    LlamaCppBackend(ChildProcess child, Duration eventTimeout, Loader loader, String device) {
        this.child = child;
        this.eventTimeout = eventTimeout;
        this.loader = loader;
        this.device = device;
    }

    LlamaCppBackend(ChildProcess child, Duration eventTimeout, Loader loader) {
        this(child, eventTimeout, loader, "cpu");
    }

    /**
     * Reloads the model in a new child with {@code sequences} slots, each with the context the model had (the old
     * child is closed only once the new one is ready, so a failure leaves this backend as it was).
     */
    @Override
    public synchronized int decodeInParallel(int sequences) throws BackendException {
        if (sequences < 2 || sequences == parallel) {
            return parallel;
        }
        ChildProcess next = loader.load(sequences);
        ChildProcess old = child;
        child = next;
        demux = new Demux(next);
        parallel = sequences;
        old.close();
        return sequences;
    }

    /** Whether the model has several slots: then several threads may call {@link #generate} at once. */
    @Override
    public boolean concurrent() {
        return demux != null;
    }

    @Override
    public String backend() {
        return LlamaCppProvider.ID;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public List<Integer> tokenize(String text) throws BackendException {
        ObjectNode request = request("tokenize");
        request.put("text", text);
        List<Integer> ids = new ArrayList<>();
        Demux d = demux;
        if (d == null) {
            child.send(request);
            child.expect("tokens", eventTimeout).path("ids").forEach(id -> ids.add(id.asInt()));
        } else {
            try (Demux.Stream stream = d.open()) {
                request.put("id", stream.id());
                child.send(request);
                JsonNode answer = stream.next(eventTimeout);
                if (!answer.path("ev").asText().equals("tokens")) {
                    throw new BackendException("the llama.cpp child answered '" + answer.path("ev").asText()
                            + "' to tokenize");
                }
                answer.path("ids").forEach(id -> ids.add(id.asInt()));
            }
        }
        return List.copyOf(ids);
    }

    @Override
    public Generation generate(GenerationRequest request, GenerationListener listener) throws BackendException {
        GenerationRequest.Sampling sampling = request.sampling();
        if (sampling.seed() < 0 || sampling.seed() > MAX_SEED) {
            throw new BackendException("llama.cpp takes a 32-bit unsigned seed below " + (MAX_SEED + 1)
                    + " (4294967295 means 'random'); the seed was " + sampling.seed());
        }
        ObjectNode message = request("generate");
        message.put("prompt", request.prompt());
        message.put("maxNewTokens", request.maxNewTokens());
        message.put("ignoreEos", request.ignoreEos());
        message.put("temperature", sampling.isGreedy() ? 0.0 : sampling.temperature());
        message.put("topK", sampling.isGreedy() ? 1 : sampling.topK());
        message.put("seed", sampling.seed());
        message.put("eachPieceAtOnce", listener.timesEachToken());

        long start = System.nanoTime();
        Demux d = demux;
        if (d == null) {
            child.send(message);
            return read(request, listener, start, () -> child.next(eventTimeout));
        }
        try (Demux.Stream stream = d.open()) {
            message.put("id", stream.id());
            child.send(message);
            return read(request, listener, start, () -> stream.next(eventTimeout));
        }
    }

    /** Reads one generation's events, telling the listener. */
    private Generation read(GenerationRequest request, GenerationListener listener, long start, Events events)
            throws BackendException {
        StringBuilder text = new StringBuilder();
        long firstAt = 0;
        while (true) {
            JsonNode event = events.next();
            switch (event.path("ev").asText()) {
                case "prefill" -> {
                    firstAt = System.nanoTime();
                    tell(() -> listener.prefillDone(event.path("promptTokens").asInt()), events);
                }
                case "piece" -> {
                    String piece = event.path("text").asText();
                    text.append(piece);
                    tell(() -> listener.token(UNKNOWN_ID, piece), events);
                }
                case "done" -> {
                    long end = System.nanoTime();
                    int pieces = event.path("pieces").asInt();
                    boolean stoppedAtEos = !request.ignoreEos() && event.path("lastPieceEmpty").asBoolean();
                    int newTokens = stoppedAtEos ? pieces : request.maxNewTokens();
                    if (firstAt == 0) {
                        firstAt = end;
                    }
                    if (!event.path("decodeNanos").canConvertToLong() || event.path("decodeNanos").asLong() < 0) {
                        throw new BackendException("the llama.cpp child ended a generation without its decode time: "
                                + event);
                    }
                    return new Generation(text.toString(), List.of(), event.path("promptTokens").asInt(), newTokens,
                            stoppedAtEos, firstAt - start, event.path("decodeNanos").asLong());
                }
                default -> throw new BackendException("the llama.cpp child sent an unexpected '"
                        + event.path("ev").asText() + "' while generating");
            }
        }
    }

    /** Calls the listener; if it throws, reads the rest of this generation first so the next request starts clean. */
    private static void tell(Runnable call, Events events) throws BackendException {
        try {
            call.run();
        } catch (RuntimeException e) {
            JsonNode event;
            do {
                event = events.next();
            } while (!event.path("ev").asText().equals("done"));
            throw e;
        }
    }

    @Override
    public double log2Likelihood(String context, String continuation) {
        throw new UnsupportedOperationException("llamacpp cannot score text: de.kherud:llama 4.2.0 exposes no "
                + "logits, and asking it for token probabilities (n_probs) aborts its native code");
    }

    /** Runs the child's bare generation loop: greedy, fixed length, no per-token protocol traffic. */
    LlamaCppProvider.BareLoop bareLoop(String prompt, int newTokens) throws BackendException {
        if (demux != null) {
            throw new BackendException("the bare loop runs on a model with one slot; this one has " + parallel);
        }
        ObjectNode message = request("bench");
        message.put("prompt", prompt);
        message.put("newTokens", newTokens);
        child.send(message);
        JsonNode answer = child.expect("bench", eventTimeout);
        return new LlamaCppProvider.BareLoop(answer.path("promptTokens").asInt(), answer.path("newTokens").asInt(),
                Duration.ofNanos(answer.path("prefillNanos").asLong()),
                Duration.ofNanos(answer.path("decodeNanos").asLong()));
    }

    ProcessHandle childProcess() {
        return child.handle();
    }

    @Override
    public void close() {
        child.close();
    }

    private static ObjectNode request(String op) {
        ObjectNode node = JSON.createObjectNode();
        node.put("op", op);
        return node;
    }
}
