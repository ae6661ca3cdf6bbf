package org.joulebench.runners.openai;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-process server on 127.0.0.1 that speaks just enough of the OpenAI protocol for the tests: each path answers
 * as a test sets it up, and every request's Authorization header and body are recorded.
 */
final class FakeOpenAiServer implements AutoCloseable {

    record Request(String method, String path, String authorization, String body) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-openai");
        t.setDaemon(true);
        return t;
    });
    /** Released on close, so that handlers that stall end with the test. */
    private final CountDownLatch release = new CountDownLatch(1);

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code path} with these server-sent events ({@code data: …} each), pausing between them. */
    FakeOpenAiServer streams(String path, long pauseMillis, String lineEnd, String... events) {
        return on(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String event : events) {
                    pause(pauseMillis);
                    out.write(("data: " + event + lineEnd + lineEnd).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
    }

    /** Answers {@code path} with {@code status} and a JSON body. */
    FakeOpenAiServer fails(String path, int status, String json) {
        return on(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    /** Sends the status line and headers for {@code path}, and {@code events}, then nothing until closed. */
    FakeOpenAiServer stallsAfter(String path, String... events) {
        return on(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String event : events) {
                out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            awaitRelease();
            out.close();
        });
    }

    /** Reads the request on {@code path} and sends nothing at all until closed. */
    FakeOpenAiServer staysSilent(String path) {
        return on(path, exchange -> {
            awaitRelease();
            exchange.close();
        });
    }

    FakeOpenAiServer on(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            try {
                handler.handle(exchange);
            } catch (IOException clientWentAway) {
                // the client cancelled: that is what several tests check for
            } finally {
                exchange.close();
            }
        });
        return this;
    }

    Request last(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).reduce((a, b) -> b).orElseThrow();
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
