package org.joulebench.runners.openai;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.joulebench.runners.BackendException;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;

/**
 * A model behind an OpenAI-compatible server, streamed with server-sent events so that the first token's arrival is
 * the time to first token. See {@link OpenAiProvider} for what comes from the server and what is inferred.
 */
final class OpenAiBackend implements GenerationBackend {

    static final int UNKNOWN = -1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ERROR_BODY_CHARS = 64 * 1024;
    private static final int MESSAGE_CHARS = 300;

    private final OpenAiConfig config;
    private final URI url;
    private final Optional<String> apiKey;
    private final HttpClient client;

    OpenAiBackend(OpenAiConfig config, Function<String, String> env) {
        this.config = config;
        this.url = config.resolve(config.endpoint().path());
        this.apiKey = Optional.ofNullable(env.apply(config.apiKeyEnvVar())).filter(k -> !k.isBlank());
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Each call is its own HTTP request on a shared, thread-safe client: the server schedules concurrent ones. */
    @Override
    public boolean concurrent() {
        return true;
    }

    /**
     * Checks that the server answers and takes the key, by asking for {@code /v1/models}. Any answer but a refusal
     * (401, 403) passes: servers that do not list models still generate.
     */
    void probe() throws BackendException {
        URI models = config.resolve("models");
        HttpRequest request = authorized(HttpRequest.newBuilder(models).GET()).build();
        try (EventStream stream = EventStream.open(client, request)) {
            int status = status(stream, models);
            if (status == 401 || status == 403) {
                throw new BackendException(display(models) + " refused the request (HTTP " + status + ": "
                        + errorMessage(stream, models) + "); check the key in $" + config.apiKeyEnvVar()
                        + (apiKey.isEmpty() ? ", which is not set" : ""));
            }
        }
    }

    @Override
    public String backend() {
        return OpenAiProvider.ID;
    }

    @Override
    public String device() {
        return "remote:" + url.getHost();
    }

    @Override
    public List<Integer> tokenize(String text) {
        // Unsupported, as scoring is: a run then skips its scoring tasks on this engine with a warning, rather than
        // failing (tokenizing is a scoring query's first step).
        throw new UnsupportedOperationException("openai cannot tokenize or score text: token counts come from the"
                + " server's usage field, and not every server offers prompt log-probabilities");
    }

    @Override
    public double log2Likelihood(String context, String continuation) {
        throw new UnsupportedOperationException("openai cannot score text: the chat endpoint has no prompt "
                + "log-probabilities, and echo with logprobs on /v1/completions is not offered by every server");
    }

    @Override
    public Generation generate(GenerationRequest request, GenerationListener listener) throws BackendException {
        try {
            return generateOnce(request, listener);
        } catch (StaleConnection e) {
            // The client sent the request on a kept-alive connection the server had just closed (the JDK client says
            // "header parser received no bytes"): no byte of an answer came, so the server never took the request.
            // Sent once more, on a new connection; a second failure is the run's.
            return generateOnce(request, listener);
        }
    }

    /** A transport failure before any byte of an answer, on a connection the server closed while idle. */
    private static final class StaleConnection extends BackendException {
        private static final long serialVersionUID = 1L;

        StaleConnection(BackendException e) {
            super(e.getMessage(), e.getCause());
        }
    }

    private static boolean staleConnection(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException && c.getMessage() != null
                    && c.getMessage().contains("received no bytes")) {
                return true;
            }
        }
        return false;
    }

    private Generation generateOnce(GenerationRequest request, GenerationListener listener) throws BackendException {
        HttpRequest http = authorized(HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body(request).toString()))).build();
        long start = System.nanoTime();
        try (EventStream stream = EventStream.open(client, http)) {
            int status = status(stream, url);
            if (status < 200 || status > 299) {
                throw new BackendException(display(url) + " answered HTTP " + status + ": "
                        + errorMessage(stream, url));
            }
            return read(stream, listener, start);
        }
    }

    /** Nothing to release: the HTTP client's threads are daemons and each exchange is cancelled when it ends. */
    @Override
    public void close() {
    }

    private ObjectNode body(GenerationRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", config.model());
        if (config.endpoint() == OpenAiConfig.Endpoint.CHAT) {
            ObjectNode message = body.putArray("messages").addObject();
            message.put("role", "user");
            message.put("content", request.prompt());
        } else {
            body.put("prompt", request.prompt());
        }
        body.put("max_tokens", request.maxNewTokens());
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        GenerationRequest.Sampling sampling = request.sampling();
        if (sampling.isGreedy()) {
            body.put("temperature", 0.0);
        } else {
            body.put("temperature", sampling.temperature());
            if (sampling.topK() > 0) {
                body.put("top_k", sampling.topK()); // llama-server and vLLM; OpenAI itself has no top-k
            }
        }
        body.put("seed", sampling.seed());
        if (request.ignoreEos()) {
            body.put("ignore_eos", true); // llama-server and vLLM; OpenAI itself refuses it
        }
        return body;
    }

    /** Reads server-sent events up to {@code data: [DONE]}. */
    private Generation read(EventStream stream, GenerationListener listener, long start) throws BackendException {
        StringBuilder text = new StringBuilder();
        StringBuilder data = new StringBuilder();
        Usage usage = new Usage();
        String finishReason = null;
        int chunks = 0;
        long firstAt = 0;
        long lastAt = 0;
        while (true) {
            EventStream.Item item = next(stream, url);
            String payload = null;
            if (item instanceof EventStream.Line line) {
                String l = line.text();
                if (l.isEmpty()) {
                    payload = data.length() == 0 ? null : data.toString();
                    data.setLength(0);
                } else if (l.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(l.startsWith("data: ") ? l.substring(6) : l.substring(5));
                }
                // comments (":…") and "event:", "id:", "retry:" fields carry nothing here
            } else if (item instanceof EventStream.End) {
                if (data.length() > 0) {
                    payload = data.toString();
                    data.setLength(0);
                } else if (finishReason != null) {
                    payload = "[DONE]"; // the stream ended cleanly without the marker
                } else {
                    throw new BackendException(display(url) + " ended the stream before it was done");
                }
            } else if (item instanceof EventStream.Failed failed) {
                throw transportFailure(url, failed.error());
            }
            if (payload == null) {
                continue;
            }
            if (payload.strip().equals("[DONE]")) {
                long end = System.nanoTime();
                if (firstAt == 0) {
                    firstAt = end;
                    lastAt = end;
                    listener.prefillDone(usage.prompt.orElse(UNKNOWN));
                }
                return new Generation(text.toString(), List.of(), usage.prompt.orElse(UNKNOWN),
                        usage.completion.orElse(chunks), "stop".equals(finishReason), firstAt - start,
                        lastAt - firstAt, usage.energy);
            }
            JsonNode event = parse(payload);
            if (event.hasNonNull("error")) {
                throw new BackendException(display(url) + " reported an error while streaming: "
                        + clean(messageOf(event)));
            }
            usage.read(event.path("usage"));
            usage.readEnergyMj(event);
            JsonNode choice = event.path("choices").path(0);
            if (choice.hasNonNull("finish_reason")) {
                finishReason = choice.get("finish_reason").asText();
            }
            String piece = config.endpoint() == OpenAiConfig.Endpoint.CHAT
                    ? choice.path("delta").path("content").asText("")
                    : choice.path("text").asText("");
            if (!piece.isEmpty()) {
                lastAt = System.nanoTime();
                if (firstAt == 0) {
                    firstAt = lastAt;
                    listener.prefillDone(usage.prompt.orElse(UNKNOWN));
                }
                text.append(piece);
                chunks++;
                listener.token(UNKNOWN, piece);
            }
        }
    }

    private JsonNode parse(String payload) throws BackendException {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new BackendException(display(url) + " sent an event that is not JSON: " + clean(payload));
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder;
    }

    /** The response's status; the wait covers connecting (bounded on its own) and then the idle timeout. */
    private int status(EventStream stream, URI target) throws BackendException {
        Duration wait = config.connectTimeout().plus(config.idleTimeout());
        EventStream.Item item = next(stream, target, wait, format(wait) + " (" + format(config.connectTimeout())
                + " to connect, " + format(config.idleTimeout()) + " idle)");
        if (item instanceof EventStream.Status status) {
            return status.code();
        }
        if (item instanceof EventStream.Failed failed) {
            BackendException e = transportFailure(target, failed.error());
            throw staleConnection(failed.error()) ? new StaleConnection(e) : e;
        }
        throw new BackendException(display(target) + " sent no HTTP status");
    }

    /** The server's own words from an error response: its JSON {@code error.message}, else the body's text. */
    private String errorMessage(EventStream stream, URI target) throws BackendException {
        StringBuilder body = new StringBuilder();
        while (body.length() < ERROR_BODY_CHARS) {
            EventStream.Item item = next(stream, target);
            if (item instanceof EventStream.Line line) {
                body.append(line.text()).append('\n');
            } else {
                break;
            }
        }
        String raw = body.toString().strip();
        try {
            JsonNode json = JSON.readTree(raw);
            if (json != null && json.isObject()) {
                String message = messageOf(json);
                if (!message.isEmpty()) {
                    return clean(message);
                }
            }
        } catch (IOException notJson) {
            // the body's text is the message
        }
        return raw.isEmpty() ? "(no message)" : clean(raw);
    }

    private static String messageOf(JsonNode json) {
        JsonNode error = json.path("error");
        if (error.isTextual()) {
            return error.asText();
        }
        if (error.path("message").isTextual()) {
            return error.path("message").asText();
        }
        return json.path("message").asText(json.toString());
    }

    private EventStream.Item next(EventStream stream, URI target) throws BackendException {
        return next(stream, target, config.idleTimeout(), format(config.idleTimeout()));
    }

    private EventStream.Item next(EventStream stream, URI target, Duration wait, String waited)
            throws BackendException {
        EventStream.Item item;
        try {
            item = stream.next(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for " + display(target));
        }
        if (item == null) {
            throw new BackendException("no data from " + display(target) + " for " + waited);
        }
        return item;
    }

    private BackendException transportFailure(URI target, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String reason = clean(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        if (cause instanceof HttpConnectTimeoutException) {
            return new BackendException("could not connect to " + display(target) + " within "
                    + format(config.connectTimeout()));
        }
        if (cause instanceof ConnectException) {
            return new BackendException("could not connect to " + display(target) + " (" + reason
                    + "); is the server running?");
        }
        return new BackendException("the exchange with " + display(target) + " failed: " + reason);
    }

    /** Text from the server or the network, with the API key taken out, then cut to a readable length. */
    String clean(String text) {
        String scrubbed = apiKey.map(key -> text.replace(key, "***")).orElse(text);
        scrubbed = scrubbed.replaceAll("\\s+", " ").strip();
        return scrubbed.length() > MESSAGE_CHARS ? scrubbed.substring(0, MESSAGE_CHARS) + "…" : scrubbed;
    }

    /** The URL as shown in messages: no user info, no query. */
    static String display(URI target) {
        return target.getScheme() + "://" + target.getHost() + (target.getPort() < 0 ? "" : ":" + target.getPort())
                + (target.getRawPath() == null ? "" : target.getRawPath());
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /**
     * The latest usage the server reported, with the energy it claims for the response where it says one:
     * {@code usage.energy = {"joules": J, "method": …, "meter": …, "boundary": …}} as {@code joulebench serve} sends
     * it (a bare number of joules there is taken too), or {@code energy_mj} in millijoules in {@code usage} or
     * {@code details} as text-generation-inference's proposal (huggingface/text-generation-inference#3315) has it
     * (the GPU's energy over the request, batched requests not apportioned). A malformed claim is left out, never
     * guessed.
     */
    private static final class Usage {
        OptionalInt prompt = OptionalInt.empty();
        OptionalInt completion = OptionalInt.empty();
        org.joulebench.runners.EnergyClaim energy;

        void readEnergyMj(JsonNode event) {
            for (JsonNode holder : List.of(event.path("usage"), event.path("details"))) {
                JsonNode mj = holder.path("energy_mj");
                if (mj.isNumber() && Double.isFinite(mj.asDouble()) && mj.asDouble() >= 0) {
                    energy = new org.joulebench.runners.EnergyClaim(mj.asDouble() / 1000, "", "energy_mj",
                            "the server's GPU while it served the request (batched requests not apportioned)");
                }
            }
        }

        void read(JsonNode usage) {
            JsonNode e = usage.path("energy");
            JsonNode joules = e.isNumber() ? e : e.path("joules");
            if (joules.isNumber() && Double.isFinite(joules.asDouble()) && joules.asDouble() >= 0) {
                energy = new org.joulebench.runners.EnergyClaim(joules.asDouble(), e.path("method").asText(""),
                        e.path("meter").asText(""), e.path("boundary").asText(""));
            }
            if (usage.path("prompt_tokens").isInt()) {
                prompt = OptionalInt.of(usage.get("prompt_tokens").asInt());
            }
            if (usage.path("completion_tokens").isInt()) {
                completion = OptionalInt.of(usage.get("completion_tokens").asInt());
            }
        }
    }
}
