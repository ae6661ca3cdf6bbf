package org.joulebench.runners.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.joulebench.runners.BackendException;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.openai.OpenAiConfig;
import org.joulebench.runners.openai.OpenAiProvider;
import org.junit.jupiter.api.Test;

/** Admission, overlapping energy windows, closing and stalled clients, over a generator the test holds. */
class ServerAdmissionTest {

    static final String BODY = "{\"model\":\"m\",\"prompt\":\"p\",\"max_tokens\":3}";

    static ServeConfig config(int concurrency, int queue, Duration grace) {
        return ServeConfig.loopback(0, "m").withAdmission(concurrency, queue).withGrace(grace);
    }

    static CompletableFuture<Http.Answer> postLater(OpenAiServer server, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Http.post(server.url(), "/completions", body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void requestsBeyondTheEngineAndTheQueueAreRefusedWith429() throws Exception {
        GatedGenerator gen = new GatedGenerator(10);
        try (OpenAiServer server = OpenAiServer.start(config(1, 0, Duration.ofSeconds(5)), gen, Optional.empty())) {
            CompletableFuture<Http.Answer> first = postLater(server, BODY);
            assertTrue(gen.arrived.tryAcquire(10, TimeUnit.SECONDS), "the first request reached the engine");
            Http.Answer second = Http.post(server.url(), "/completions", BODY);
            OpenAiServerTest.assertError(second, 429, "server_busy", "its 1 engine slots are taken and its queue of 0 is full");
            gen.gate.countDown();
            Http.Answer a = first.get(10, TimeUnit.SECONDS);
            assertEquals(200, a.status(), a.body());
            assertEquals("xxx", a.json().path("choices").path(0).path("text").asText());
            assertEquals(200, Http.post(server.url(), "/completions", BODY).status(), "a slot is free again");
        }
    }

    @Test
    void overlappingResponsesSayHowManySharedTheirWindow() throws Exception {
        GatedGenerator gen = new GatedGenerator(10);
        FakeResponseMeter meter = new FakeResponseMeter(2.0, false);
        try (OpenAiServer server = OpenAiServer.start(config(2, 0, Duration.ofSeconds(5)), gen, Optional.of(meter))) {
            CompletableFuture<Http.Answer> a = postLater(server, BODY);
            CompletableFuture<Http.Answer> b = postLater(server, BODY);
            assertTrue(gen.arrived.tryAcquire(2, 10, TimeUnit.SECONDS), "both requests reached the engine");
            gen.gate.countDown();
            for (Http.Answer answer : new Http.Answer[] {a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS)}) {
                assertEquals(200, answer.status(), answer.body());
                JsonNode energy = answer.json().path("usage").path("energy");
                assertEquals(2, energy.path("concurrent_requests").asInt(), answer.body());
                assertEquals(meter.readings.get(answer.json().path("id").asText()).joules(),
                        energy.path("joules").asDouble());
            }
            Http.Answer alone = Http.post(server.url(), "/completions", BODY);
            assertEquals(1, alone.json().path("usage").path("energy").path("concurrent_requests").asInt());
        }
    }

    @Test
    void aMeterThatCannotBeReadLeavesTheReasonNotAFigure() throws Exception {
        GatedGenerator gen = new GatedGenerator(10);
        gen.gate.countDown();
        try (OpenAiServer server = OpenAiServer.start(config(1, 0, Duration.ofSeconds(5)), gen,
                Optional.of(new FakeResponseMeter(1, true)))) {
            JsonNode usage = Http.post(server.url(), "/completions", BODY).json().path("usage");
            assertFalse(usage.has("energy"), usage.toString());
            assertTrue(usage.path("energy_unavailable").asText().contains("set to fail"), usage.toString());
            assertEquals(3, usage.path("completion_tokens").asInt());
        }
    }

    @Test
    void closingLetsARequestFinishWithinTheGrace() throws Exception {
        GatedGenerator gen = new GatedGenerator(10);
        OpenAiServer server = OpenAiServer.start(config(1, 0, Duration.ofSeconds(30)), gen, Optional.empty());
        CompletableFuture<Http.Answer> inFlight = postLater(server, BODY);
        assertTrue(gen.arrived.tryAcquire(10, TimeUnit.SECONDS));
        CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close);
        gen.gate.countDown();
        assertEquals(200, inFlight.get(10, TimeUnit.SECONDS).status());
        closed.get(10, TimeUnit.SECONDS); // well before the 30 s of grace: nothing was left in flight
    }

    @Test
    void closingFailsWhatIsStillInFlightAfterTheGrace() throws Exception {
        GatedGenerator gen = new GatedGenerator(10);
        OpenAiServer server = OpenAiServer.start(config(1, 0, Duration.ofMillis(200)), gen, Optional.empty());
        CompletableFuture<Http.Answer> inFlight = postLater(server,
                "{\"model\":\"m\",\"prompt\":\"p\",\"max_tokens\":3,\"stream\":true}");
        assertTrue(gen.arrived.tryAcquire(10, TimeUnit.SECONDS));
        CompletableFuture.runAsync(server::close).get(15, TimeUnit.SECONDS);
        OpenAiServerTest.assertError(inFlight.get(10, TimeUnit.SECONDS), 503, "server_shutting_down", "shutting down");
    }

    @Test
    void aStreamCutByClosingEndsWithAnErrorEventThatTheClientReports() throws Exception {
        GatedGenerator gen = new GatedGenerator(5, ".");
        OpenAiServer server = OpenAiServer.start(config(1, 0, Duration.ofMillis(100)), gen, Optional.empty());
        try (GenerationBackend client = OpenAiProvider.open(OpenAiConfig.of(server.url(), "m"))) {
            CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
                try {
                    assertTrue(gen.arrived.tryAcquire(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                server.close();
            });
            BackendException e = assertThrows(BackendException.class, () -> client.generate(
                    GenerationRequest.greedy("p", 3), GenerationListener.NONE));
            assertTrue(e.getMessage().contains("reported an error while streaming: the server is shutting down"),
                    e.getMessage());
            closed.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void clientsThatStallDoNotHoldTheEngine() throws Exception {
        GatedGenerator gen = new GatedGenerator(10);
        gen.gate.countDown();
        // One request with the engine and one waiting: the others wait for the long stream's generation, not for its
        // reader.
        OpenAiServer server = OpenAiServer.start(config(1, 1, Duration.ofMillis(200)), gen, Optional.empty());
        try (Socket noBody = new Socket("127.0.0.1", server.port());
             Socket noReading = new Socket("127.0.0.1", server.port())) {
            // One announces a body and never sends it; the other asks for a long stream and never reads it.
            send(noBody, "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n");
            String big = "{\"model\":\"m\",\"prompt\":\"p\",\"max_tokens\":50000,\"stream\":true}";
            send(noReading, "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + big.length() + "\r\n\r\n" + big);
            assertTrue(gen.arrived.tryAcquire(10, TimeUnit.SECONDS), "the long stream reached the engine");
            for (int i = 0; i < 3; i++) {
                Http.Answer a = Http.post(server.url(), "/completions", BODY);
                assertEquals(200, a.status(), a.body());
            }
            CompletableFuture.runAsync(server::close).get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientThatHangsUpMidStreamFreesTheEngine() throws Exception {
        GatedGenerator gen = new GatedGenerator(5, ".");
        try (OpenAiServer server = OpenAiServer.start(config(1, 0, Duration.ofSeconds(5)), gen, Optional.empty())) {
            String body = "{\"model\":\"m\",\"prompt\":\"p\",\"max_tokens\":3,\"stream\":true}";
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                send(s, "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
                assertTrue(new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)
                        .startsWith("HTTP/1.1 200"), "the stream began");
            }
            // The gate never opens: only the cancelled request's listener ends the generation.
            assertTrue(gen.ended.tryAcquire(10, TimeUnit.SECONDS), "the engine dropped the request");
            assertEquals(1, gen.gate.getCount(), "the gate stayed shut");
            gen.gate.countDown();
            assertEquals(200, Http.post(server.url(), "/completions", BODY).status(), "the slot is free");
        }
    }

    private static void send(Socket s, String text) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
