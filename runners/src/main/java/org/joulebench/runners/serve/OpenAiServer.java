package org.joulebench.runners.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.joulebench.runners.Generation;
import org.joulebench.runners.SharedGenerator;

/**
 * An OpenAI-compatible HTTP server over one local engine: {@code GET /v1/models}, {@code POST /v1/completions} and
 * {@code POST /v1/chat/completions}, each streamed (server-sent events) or not, with {@code usage} as the engine
 * counted the tokens and, with a {@link ResponseMeter}, the energy measured around each response
 * ({@code usage.energy}, see {@link EnergyWindows#NOTE}).
 *
 * <p><b>Concurrency.</b> Requests go through the {@link SharedGenerator} on a pool of
 * {@link ServeConfig#concurrency()} threads (a batching engine decodes them together; a serial one takes them in
 * turn); up to {@link ServeConfig#queue()} more wait, and any beyond are refused at once with 429. Each request's
 * HTTP thread writes what its generation produced, so a client that stops reading holds its own thread, never the
 * engine.
 *
 * <p><b>Closing.</b> New requests get 503; those in flight have {@link ServeConfig#grace()} to finish, then fail
 * (the engine drops them at their next token); then connections close. The generator stays open: its owner closes
 * it after this.
 */
public final class OpenAiServer implements AutoCloseable {

    static final int MAX_BODY_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long {@link #close()} waits, after the grace, for the engine to drop what it still had. */
    private static final Duration DROP_WAIT = Duration.ofSeconds(10);

    private final ServeConfig config;
    private final SharedGenerator generator;
    private final EnergyWindows energy;
    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final ThreadPoolExecutor engineThreads;
    private final Semaphore admission;
    private final Set<Job> jobs = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    /** Exchanges being handled; guarded by itself, notified when it falls. */
    private final int[] exchanges = new int[1];
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long startedAt = System.currentTimeMillis() / 1000;
    private volatile boolean closing;

    private OpenAiServer(ServeConfig config, SharedGenerator generator, EnergyWindows energy, HttpServer http) {
        this.config = config;
        this.generator = generator;
        this.energy = energy;
        this.http = http;
        this.httpThreads = Executors.newCachedThreadPool(daemons("joulebench-serve-http-"));
        this.engineThreads = new ThreadPoolExecutor(config.concurrency(), config.concurrency(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("joulebench-serve-engine-"));
        this.admission = new Semaphore(config.concurrency() + config.queue());
    }

    /**
     * Listens on {@code config}'s address and serves {@code generator} under {@code config.model()}; with a meter,
     * each response's {@code usage} carries the energy measured around it.
     *
     * @throws ServeException when the address cannot be listened on (the port is in use, the host is not this one)
     */
    public static OpenAiServer start(ServeConfig config, SharedGenerator generator, Optional<ResponseMeter> meter)
            throws ServeException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(generator, "generator");
        HttpServer http;
        String where = hostText(config) + ":" + config.port();
        try {
            http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        } catch (BindException e) {
            throw new ServeException("cannot listen on " + where + ": " + (String.valueOf(e.getMessage())
                    .contains("in use") ? "the port is in use" : e.getMessage()), e);
        } catch (IOException e) {
            throw new ServeException("cannot listen on " + where + ": " + e.getMessage(), e);
        }
        OpenAiServer server = new OpenAiServer(config, generator, meter.map(EnergyWindows::new).orElse(null), http);
        http.setExecutor(server.httpThreads);
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    /** The port it listens on (the one chosen, for port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The API root clients are given, {@code http://HOST:PORT/v1}. */
    public URI url() {
        return URI.create("http://" + hostText(config) + ":" + port() + "/v1");
    }

    private static String hostText(ServeConfig config) {
        String a = config.host().getHostAddress();
        return config.host() instanceof Inet6Address ? "[" + a.replaceFirst("%.*$", "") + "]" : a;
    }

    private void handle(HttpExchange exchange) {
        synchronized (exchanges) {
            exchanges[0]++;
        }
        try (exchange) {
            route(exchange);
        } catch (IOException e) {
            // the client went away; nothing to tell it
        } finally {
            synchronized (exchanges) {
                exchanges[0]--;
                exchanges.notifyAll();
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            if (closing) {
                throw ApiError.closing();
            }
            switch (path) {
                case "/v1/models" -> {
                    allow(method, path, "GET");
                    send(exchange, 200, models());
                }
                case "/v1/completions" -> {
                    allow(method, path, "POST");
                    generate(exchange, false);
                }
                case "/v1/chat/completions" -> {
                    allow(method, path, "POST");
                    generate(exchange, true);
                }
                default -> throw ApiError.notFound(path);
            }
        } catch (ApiError e) {
            if (e.status == 405) {
                exchange.getResponseHeaders().set("Allow", path.equals("/v1/models") ? "GET" : "POST");
            }
            if (e.status == 429) {
                exchange.getResponseHeaders().set("Retry-After", "1");
            }
            send(exchange, e.status, e.body());
        }
    }

    private static void allow(String method, String path, String allowed) throws ApiError {
        if (!method.equals(allowed)) {
            throw ApiError.methodNotAllowed(method, path, allowed);
        }
    }

    private ObjectNode models() {
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list");
        ObjectNode m = list.putArray("data").addObject();
        m.put("id", config.model());
        m.put("object", "model");
        m.put("created", startedAt);
        m.put("owned_by", "joulebench");
        return list;
    }

    private void generate(HttpExchange exchange, boolean chat) throws IOException, ApiError {
        JsonNode body;
        try {
            body = JSON.readTree(readBody(exchange));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ApiError.invalid(null, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        ApiRequest request = ApiRequest.parse(chat, body, config.model(), () -> ThreadLocalRandom.current().nextLong());
        if (!admission.tryAcquire()) {
            throw ApiError.busy(config.concurrency(), config.queue());
        }
        String id = (chat ? "chatcmpl-" : "cmpl-") + ids.incrementAndGet();
        Job[] self = new Job[1];
        Job job = new Job(generator, request.generation(), energy, id, () -> {
            jobs.remove(self[0]);
            admission.release();
        });
        self[0] = job;
        jobs.add(job);
        try {
            if (closing) {
                job.abandon(ApiError.closing());
            } else {
                engineThreads.execute(job);
            }
        } catch (RejectedExecutionException e) {
            job.abandon(ApiError.closing());
        }
        Chunks chunks = new Chunks(chat, id, System.currentTimeMillis() / 1000, config.model());
        try {
            if (request.stream()) {
                stream(exchange, job, chunks, request);
            } else {
                whole(exchange, job, chunks);
            }
        } catch (IOException e) {
            job.cancel(ApiError.closing()); // the client went away: the engine drops its request
            throw e;
        } catch (InterruptedException e) {
            job.cancel(ApiError.closing());
            Thread.currentThread().interrupt();
            throw ApiError.closing();
        }
    }

    private void whole(HttpExchange exchange, Job job, Chunks chunks) throws IOException, InterruptedException,
            ApiError {
        while (true) {
            Job.Event event = job.events.take();
            if (event instanceof Job.Done done) {
                send(exchange, 200, chunks.complete(done.generation(), done.energyFields()));
                return;
            }
            if (event instanceof Job.Failed failed) {
                throw failed.error();
            }
        }
    }

    /** Server-sent events; the status waits for the first event, so that a request the engine refuses gets its own. */
    private void stream(HttpExchange exchange, Job job, Chunks chunks, ApiRequest request) throws IOException,
            InterruptedException, ApiError {
        Job.Event event = job.events.take();
        if (event instanceof Job.Failed failed) {
            throw failed.error();
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (request.chat()) {
            write(out, chunks.role());
        }
        StringBuilder sent = new StringBuilder();
        while (true) {
            if (event instanceof Job.Token token) {
                write(out, chunks.piece(token.piece(), null));
                sent.append(token.piece());
            } else if (event instanceof Job.Done done) {
                Generation g = done.generation();
                // The engine's text may end with bytes its last pieces held back (an unfinished UTF-8 sequence).
                String rest = g.text().startsWith(sent.toString()) ? g.text().substring(sent.length()) : "";
                write(out, chunks.piece(rest, Chunks.finishReason(g)));
                if (request.streamUsage()) {
                    write(out, chunks.usageChunk(g, done.energyFields()));
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            } else if (event instanceof Job.Failed failed) {
                write(out, failed.error().body()); // no [DONE]: the stream ends with the error
                return;
            }
            event = job.events.take();
        }
    }

    private static void write(OutputStream out, JsonNode chunk) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException, ApiError {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        InputStream in = exchange.getRequestBody();
        int n;
        while ((n = in.read(buffer)) > 0) {
            body.write(buffer, 0, n);
            if (body.size() > MAX_BODY_BYTES) {
                throw ApiError.tooLarge(MAX_BODY_BYTES);
            }
        }
        return body.toByteArray();
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Stops serving: new requests get 503, those in flight have the grace to finish, then fail; then the engine's
     * pool and the connections close. Returns within about the grace plus the engine's current step.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing = true;
        try {
            awaitExchanges(config.grace());
            ApiError closingError = ApiError.closing();
            jobs.forEach(j -> j.cancel(closingError));
            engineThreads.shutdownNow().forEach(r -> ((Job) r).abandon(closingError));
            engineThreads.awaitTermination(DROP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            awaitExchanges(Duration.ofSeconds(1)); // the HTTP threads tell their clients why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.stop(0);
            httpThreads.shutdownNow();
        }
    }

    /** Waits until no exchange is being handled, or {@code limit} has passed. */
    private void awaitExchanges(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (exchanges) {
            long left;
            while (exchanges[0] > 0 && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(exchanges, left);
            }
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
