package org.joulebench.runners.llamacpp;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;

/**
 * The program that runs in the child JVM: it holds the llama.cpp model and answers the parent's requests, one JSON
 * object a line each way. Requests come on stdin; answers go to stdout, each line prefixed with {@link #MARK} so that
 * anything native code prints there is told apart (Java's own {@code System.out} is pointed at stderr). llama.cpp's
 * log goes to stderr, which the parent keeps the tail of for error messages.
 *
 * <p>The child exits when told {@code quit} and when its stdin closes (the parent is gone), always through
 * {@code System.exit}: llama.cpp's server thread is not a daemon and would keep a JVM alive after the model is closed.
 *
 * <pre>
 * load     {path, threads, ctx, gpuLayers, parallel?}   → ready {offloaded, layers} | error {message}
 *                                                        (offloaded, layers: from llama.cpp's "offloaded X/Y
 *                                                        layers to GPU" log line; -1 where it logged none)
 * tokenize {text}                                      → tokens {ids}
 * generate {prompt, maxNewTokens, ignoreEos,
 *           temperature, topK, seed}                   → prefill {promptTokens}, piece {text}*,
 *                                                        done {decodeNanos, pieces, lastPieceEmpty, promptTokens}
 *                                                        (pieces written in batches, see {@link EventWriter})
 * bench    {prompt, newTokens}                         → bench {promptTokens, newTokens, prefillNanos, decodeNanos}
 * quit     {}                                          → (exit)
 * </pre>
 *
 * <p>With {@code parallel} n above 1 the model has n slots, each with a context of {@code ctx} tokens, and llama.cpp's
 * server loop decodes the slots' sequences together. {@code tokenize} and {@code generate} then carry an {@code id}
 * that their answers repeat (errors included); each generation runs on a thread of its own, so that several are in
 * flight at once, their events interleaved.
 */
final class LlamaCppChild {

    static final String MARK = "@jb ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventWriter out;
    private final ExecutorService generations = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "llamacpp-child-generation");
        t.setDaemon(true);
        return t;
    });
    private volatile LlamaModel model;
    private volatile int contextSize;

    private LlamaCppChild(EventWriter out) {
        this.out = out;
    }

    public static void main(String[] args) {
        EventWriter protocol = new EventWriter(new FileOutputStream(FileDescriptor.out), System::nanoTime,
                EventWriter.MAX_DELAY);
        System.setOut(System.err);
        int status = 0;
        try {
            new LlamaCppChild(protocol).serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        exit(status);
    }

    /** Exits the JVM; halts it if shutdown does not finish within two seconds. */
    private static void exit(int status) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(status);
        }, "llamacpp-child-exit");
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(status);
    }

    private void serve(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode request = JSON.readTree(line);
            String op = request.path("op").asText();
            if (op.equals("quit")) {
                return;
            }
            if (op.equals("generate") && request.has("id")) {
                generations.execute(() -> answer(request, op));
            } else {
                answer(request, op);
            }
        }
    }

    /** Runs one request; a failure becomes its {@code error} event. */
    private void answer(JsonNode request, String op) {
        try {
            switch (op) {
                case "load" -> load(request);
                case "tokenize" -> tokenize(request);
                case "generate" -> generate(request);
                case "bench" -> bench(request);
                default -> throw new IllegalArgumentException("unknown op '" + op + "'");
            }
        } catch (Exception | LinkageError e) {
            ObjectNode error = event("error", request);
            error.put("message", e.getClass().getSimpleName() + ": " + e.getMessage());
            send(error);
        }
    }

    private void load(JsonNode request) {
        if (model != null) {
            throw new IllegalStateException("a model is already loaded");
        }
        contextSize = request.path("ctx").asInt();
        int parallel = Math.max(1, request.path("parallel").asInt(1));
        // llama.cpp divides its context among the slots: each gets ctx tokens.
        ModelParameters parameters = new ModelParameters()
                .setModel(request.path("path").asText())
                .setCtxSize(contextSize * parallel)
                .setParallel(parallel)
                .setGpuLayers(Math.max(0, request.path("gpuLayers").asInt(0)))
                .disableContextShift();
        if (parallel > 1) {
            parameters.enableContBatching();
        }
        int threads = request.path("threads").asInt();
        if (threads > 0) {
            parameters.setThreads(threads).setThreadsBatch(threads);
        }
        OffloadLog log = new OffloadLog(); // stays llama.cpp's log for the child's life: it writes to stderr
        LlamaModel.setLogger(de.kherud.llama.args.LogFormat.TEXT, log);
        model = new LlamaModel(parameters);
        ObjectNode ready = event("ready");
        ready.put("offloaded", log.offloaded());
        ready.put("layers", log.layers());
        send(ready);
    }

    private void tokenize(JsonNode request) {
        ObjectNode answer = event("tokens", request);
        var ids = answer.putArray("ids");
        for (int id : loaded().encode(request.path("text").asText())) {
            ids.add(id);
        }
        send(answer);
    }

    private void generate(JsonNode request) {
        int maxNewTokens = request.path("maxNewTokens").asInt();
        int promptTokens = checkRoom(request.path("prompt").asText(), maxNewTokens);
        InferenceParameters parameters = parameters(request.path("prompt").asText(), maxNewTokens,
                request.path("ignoreEos").asBoolean(), (float) request.path("temperature").asDouble(),
                request.path("topK").asInt(), request.path("seed").asLong());
        Iterator<LlamaOutput> outputs = loaded().generate(parameters).iterator();
        boolean eachAtOnce = request.path("eachPieceAtOnce").asBoolean();
        boolean first = true;
        int pieces = 0;
        boolean lastPieceEmpty = false;
        long firstAt = 0;
        while (outputs.hasNext()) {
            LlamaOutput output = outputs.next();
            boolean last = !outputs.hasNext();
            if (first) {
                firstAt = System.nanoTime();
                ObjectNode prefill = event("prefill", request);
                prefill.put("promptTokens", promptTokens);
                send(prefill);
                first = false;
            }
            // In streaming mode llama.cpp sends one partial result per token (two or more when a token ends inside a
            // UTF-8 character and is held back), then a final result whose text was already streamed. Pieces go in
            // batches, unless the parent times each token (serving); the prefill event above and done below go at
            // once, so the parent times both ends exactly.
            if (!last || !output.text.isEmpty()) {
                ObjectNode piece = event("piece", request);
                piece.put("text", output.text);
                if (eachAtOnce) {
                    out.now(piece);
                } else {
                    out.later(piece);
                }
                pieces++;
                lastPieceEmpty = output.text.isEmpty();
            }
        }
        // Decode is timed here, where the tokens come out, as the bare loop is: from the first output to the end.
        long decodeNanos = first ? 0 : System.nanoTime() - firstAt;
        ObjectNode done = event("done", request);
        done.put("decodeNanos", decodeNanos);
        done.put("pieces", pieces);
        done.put("lastPieceEmpty", lastPieceEmpty);
        done.put("promptTokens", promptTokens);
        send(done);
    }

    /** The bare loop: the binding's iterator drained with nothing per token but a count, for comparing overheads. */
    private void bench(JsonNode request) {
        int newTokens = request.path("newTokens").asInt();
        String prompt = request.path("prompt").asText();
        int promptTokens = checkRoom(prompt, newTokens);
        InferenceParameters parameters = parameters(prompt, newTokens, true, 0f, 1, 0);
        long start = System.nanoTime();
        long firstAt = 0;
        int outputs = 0;
        for (LlamaOutput ignored : loaded().generate(parameters)) {
            if (outputs++ == 0) {
                firstAt = System.nanoTime();
            }
        }
        long end = System.nanoTime();
        ObjectNode answer = event("bench");
        answer.put("promptTokens", promptTokens);
        answer.put("newTokens", newTokens);
        answer.put("prefillNanos", firstAt - start);
        answer.put("decodeNanos", end - firstAt);
        send(answer);
    }

    private int checkRoom(String prompt, int newTokens) {
        int promptTokens = loaded().encode(prompt).length;
        if (promptTokens + newTokens > contextSize) {
            throw new IllegalArgumentException(promptTokens + " prompt tokens + " + newTokens
                    + " new tokens do not fit the context of " + contextSize + " tokens");
        }
        return promptTokens;
    }

    private static InferenceParameters parameters(String prompt, int maxNewTokens, boolean ignoreEos,
                                                  float temperature, int topK, long seed) {
        // Only temperature and top-k shape the distribution: the other samplers are set to pass everything through,
        // and the prompt cache is off so that every request pays its full prefill.
        return new InferenceParameters(prompt)
                .setNPredict(maxNewTokens)
                .setIgnoreEos(ignoreEos)
                .setCachePrompt(false)
                .setTemperature(temperature)
                .setTopK(topK)
                .setTopP(1f)
                .setMinP(0f)
                .setTypicalP(1f)
                .setRepeatPenalty(1f)
                .setFrequencyPenalty(0f)
                .setPresencePenalty(0f)
                .setSeed((int) seed);
    }

    private LlamaModel loaded() {
        if (model == null) {
            throw new IllegalStateException("no model loaded");
        }
        return model;
    }

    private static ObjectNode event(String name) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ev", name);
        return node;
    }

    /** An answer to {@code request}, carrying its id where it has one. */
    private static ObjectNode event(String name, JsonNode request) {
        ObjectNode node = event(name);
        if (request.has("id")) {
            node.put("id", request.path("id").asLong());
        }
        return node;
    }

    private void send(ObjectNode event) {
        out.now(event);
    }
}
