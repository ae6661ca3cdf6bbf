package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --openai-url URL --openai-model NAME}: a model behind an OpenAI-compatible server (an in-process fake
 * here) runs as the run's generation model; bad URLs, servers that cannot be reached or that fail are one line each.
 */
class OpenAiRunTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger completions = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /**
     * A server whose /v1/completions streams "a b c" as three tokens, with usage (and, when {@code claim}, the energy
     * it claims as `joulebench serve` reports it); from the {@code failFrom}-th request on it answers HTTP 500.
     */
    private String serve(boolean claim, int failFrom) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/models", x -> answer(x, 200, "{\"data\":[{\"id\":\"fake\"}]}"));
        server.createContext("/v1/completions", x -> {
            x.getRequestBody().readAllBytes();
            if (completions.incrementAndGet() >= failFrom) {
                answer(x, 500, "{\"error\":{\"message\":\"the fake's GPU fell off\"}}");
                return;
            }
            x.getResponseHeaders().add("Content-Type", "text/event-stream");
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (String piece : List.of(" a", " b", " c")) {
                    event(out, "{\"choices\":[{\"text\":\"" + piece + "\",\"finish_reason\":null}]}");
                }
                String energy = claim ? ",\"energy\":{\"joules\":0.125,\"method\":\"COUNTER\",\"meter\":\"nvml\","
                        + "\"boundary\":\"GPU board 0\"}" : "";
                event(out, "{\"choices\":[{\"text\":\"\",\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":7,"
                        + "\"completion_tokens\":3" + energy + "}}");
                event(out, "[DONE]");
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void answer(HttpExchange x, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private CliRunner.Outcome run(String url, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--suite", "generation", "--openai-url", url,
                "--openai-model", "fake", "--meter", "estimate", "--limit", "2", "--repetitions", "1", "--warmup",
                "0", "--idle-seconds", "0", "--out", dir.resolve("o").toString()));
        args.addAll(List.of(more));
        return assertTimeoutPreemptively(Duration.ofSeconds(120), () -> CliRunner.run(args.toArray(String[]::new)));
    }

    private static void assertOneLine(CliRunner.Outcome o, int status, String expected) {
        assertEquals(status, o.status(), o.err());
        assertTrue(o.err().contains(expected), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    @Test
    void theServersModelRunsAloneWithItsBoundaryAndItsClaimBesideTheMeasurement() throws Exception {
        CliRunner.Outcome o = run(serve(true, Integer.MAX_VALUE));
        assertEquals(0, o.status(), o.err() + o.out());
        JsonNode results = new ObjectMapper().readTree(dir.resolve("o/results.json").toFile());
        JsonNode rows = results.path("results");
        assertEquals(1, rows.size(), "only the server's model runs (no --models): " + rows);
        JsonNode row = rows.get(0);
        assertEquals("fake", row.path("model").asText());
        assertEquals("openai", row.path("backend").asText());
        assertEquals("kjv-verse-completion", row.path("task").asText());
        String boundary = row.path("energy").path("boundary").asText();
        assertTrue(boundary.contains("NOT inside it: this run did not start it"), boundary);
        assertEquals(2, completions.get(), "two measured queries, no warm-up");
        List<String> csv = Files.readAllLines(dir.resolve("o/queries.csv"));
        assertTrue(csv.get(0).endsWith(",server_claim_joules,server_claim"), csv.get(0));
        assertEquals(3, csv.size(), String.join("\n", csv));
        for (String line : csv.subList(1, csv.size())) {
            assertTrue(line.endsWith(",0.125,\"server's claim, method COUNTER, meter nvml, boundary GPU board 0\""),
                    line);
        }
        assertTrue(results.path("warnings").toString().contains("task kjv-bits-per-char was not run on fake with"
                + " engine openai: openai cannot tokenize or score text"), results.path("warnings").toString());
    }

    @Test
    void withoutAClaimTheQueriesKeepTheirColumns() throws Exception {
        CliRunner.Outcome o = run(serve(false, Integer.MAX_VALUE));
        assertEquals(0, o.status(), o.err());
        String header = Files.readAllLines(dir.resolve("o/queries.csv")).get(0);
        assertTrue(header.contains(",energy,block,concurrency,") && !header.contains("server_claim"), header);
    }

    @Test
    void aBadUrlIsOneLine() {
        assertOneLine(run("not a url"), 2, "--openai-url 'not a url' is not a URL");
        assertOneLine(run("ftp://example.org/v1"), 2, "is not an http or https URL with a host");
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void aUrlWithoutItsModelIsRefused() {
        CliRunner.Outcome o = CliRunner.run("run", "--openai-url", "http://127.0.0.1:1/v1", "--out",
                dir.resolve("o").toString());
        assertOneLine(o, 2, "--openai-model");
    }

    @Test
    void aServerThatIsNotThereIsOneLineBeforeMeasuring() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }
        CliRunner.Outcome o = run("http://127.0.0.1:" + port + "/v1");
        assertOneLine(o, 2, "could not connect to http://127.0.0.1:" + port + "/v1/models");
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void aServerThatFailsMidRunEndsItWithStatusOneAndKeepsWhatWasMeasured() throws Exception {
        CliRunner.Outcome o = run(serve(false, 2));
        assertOneLine(o, 1, "answered HTTP 500: the fake's GPU fell off");
        assertEquals(1, o.err().strip().lines().count(), o.err());
        // The first query was measured before the server failed: its journal is kept for --resume.
        assertTrue(Files.readString(dir.resolve(".o.incomplete/journal.jsonl")).contains("\"item\""),
                "the measured query is kept");
    }

    @Test
    void aDeviceOrOffloadCannotApplyToAServer() throws Exception {
        String url = serve(false, Integer.MAX_VALUE);
        assertOneLine(run(url, "--device", "cuda"), 2, "--device cuda cannot apply to openai: the server decides");
        assertOneLine(run(url, "--gpu-layers", "4"), 2, "--gpu-layers 4 cannot apply to openai");
    }
}
