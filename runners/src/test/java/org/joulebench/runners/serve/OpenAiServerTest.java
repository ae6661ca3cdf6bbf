package org.joulebench.runners.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.Engines;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.SharedGenerator;
import org.joulebench.runners.openai.OpenAiConfig;
import org.joulebench.runners.openai.OpenAiProvider;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.SyntheticLlama;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips through the project's own OpenAI client to the server, over the Java engine on a tiny GGUF. */
class OpenAiServerTest {

    static final String MODEL = "tiny";
    static final String PROMPT = "In the beginning God created";

    @TempDir
    static Path dir;
    static ModelEntry entry;
    static Path file;
    /** Opened apart from the served one: the reference the server's answers must match. */
    static GenerationBackend direct;
    static SharedGenerator served;
    static FakeResponseMeter meter;
    static OpenAiServer server;

    @BeforeAll
    static void start() throws Exception {
        file = dir.resolve("tiny.gguf");
        SyntheticLlama.Shape shape = SyntheticLlama.Shape.of(2, 64, 4, 300, 256);
        SyntheticLlama.write(file, shape, GgmlType.F32, 7);
        entry = new ModelEntry(MODEL, "Llama", "generation", shape.parameters(), 2, 64, Precision.FP32, "gguf",
                new ModelSource("file", dir.toString(), "tiny.gguf", ""), "0".repeat(64), 1, "CC0-1.0", Pooling.MEAN,
                false, 256, "synthetic", "");
        direct = Engines.find("java").orElseThrow().open(entry, file, BackendConfig.cpu(1));
        served = SharedGenerator.of(Engines.find("java").orElseThrow().open(entry, file, BackendConfig.cpu(1)), 4);
        meter = new FakeResponseMeter(0.5, false);
        server = OpenAiServer.start(ServeConfig.loopback(0, MODEL), served, Optional.of(meter));
    }

    @AfterAll
    static void stop() {
        server.close();
        served.close();
        direct.close();
    }

    static Generation expected(String prompt, int tokens) throws Exception {
        return direct.generate(new GenerationRequest(prompt, tokens, true, GenerationRequest.Sampling.GREEDY),
                GenerationListener.NONE);
    }

    static GenerationBackend client(OpenAiConfig.Endpoint endpoint) throws Exception {
        return OpenAiProvider.open(OpenAiConfig.of(server.url(), MODEL).withEndpoint(endpoint));
    }

    @Test
    void streamedCompletionsMatchTheEngineCalledDirectly() throws Exception {
        Generation want = expected(PROMPT, 12);
        try (GenerationBackend c = client(OpenAiConfig.Endpoint.COMPLETIONS)) {
            List<String> pieces = new ArrayList<>();
            Generation got = c.generate(new GenerationRequest(PROMPT, 12, true, GenerationRequest.Sampling.GREEDY),
                    new GenerationListener() {
                        @Override
                        public void token(int id, String piece) {
                            pieces.add(piece);
                        }
                    });
            assertEquals(want.text(), got.text());
            assertEquals(want.promptTokens(), got.promptTokens(), "prompt tokens from usage");
            assertEquals(12, got.newTokens(), "completion tokens from usage");
            assertFalse(got.stoppedAtEos(), "finish_reason length with ignore_eos");
            assertTrue(pieces.size() > 1, "streamed in pieces: " + pieces);
        }
    }

    @Test
    void aChatOfOneUserMessageIsTheCompletionOfItsContent() throws Exception {
        Generation want = expected(PROMPT, 8);
        try (GenerationBackend c = client(OpenAiConfig.Endpoint.CHAT)) {
            Generation got = c.generate(new GenerationRequest(PROMPT, 8, true, GenerationRequest.Sampling.GREEDY),
                    GenerationListener.NONE);
            assertEquals(want.text(), got.text());
            assertEquals(want.promptTokens(), got.promptTokens());
            assertEquals(8, got.newTokens());
        }
    }

    @Test
    void unstreamedAnswersCarryTextUsageAndEnergy() throws Exception {
        Generation want = expected(PROMPT, 6);
        Http.Answer a = Http.post(server.url(), "/completions", "{\"model\":\"tiny\",\"prompt\":\"" + PROMPT
                + "\",\"max_tokens\":6,\"temperature\":0,\"ignore_eos\":true}");
        assertEquals(200, a.status(), a.body());
        JsonNode body = a.json();
        assertEquals("text_completion", body.path("object").asText());
        assertEquals(want.text(), body.path("choices").path(0).path("text").asText());
        assertEquals("length", body.path("choices").path(0).path("finish_reason").asText());
        JsonNode usage = body.path("usage");
        assertEquals(want.promptTokens(), usage.path("prompt_tokens").asInt());
        assertEquals(6, usage.path("completion_tokens").asInt());
        assertEquals(want.promptTokens() + 6, usage.path("total_tokens").asInt());
        JsonNode energy = usage.path("energy");
        ResponseMeter.Reading reading = meter.readings.get(body.path("id").asText());
        assertEquals(reading.joules(), energy.path("joules").asDouble(), "the meter's own figure for this response");
        assertEquals("fake", energy.path("meter").asText());
        assertEquals("COUNTER", energy.path("method").asText());
        assertEquals("the fake counter", energy.path("boundary").asText());
        assertTrue(energy.path("concurrent_requests").asInt() >= 1);
        assertTrue(energy.path("note").asText().contains("must not be summed"));

        Http.Answer chat = Http.post(server.url(), "/chat/completions", "{\"model\":\"tiny\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"" + PROMPT + "\"}],\"max_tokens\":6,\"temperature\":0,\"ignore_eos\":true}");
        assertEquals(200, chat.status(), chat.body());
        assertEquals("chat.completion", chat.json().path("object").asText());
        assertEquals(want.text(), chat.json().path("choices").path(0).path("message").path("content").asText());
        assertEquals("assistant", chat.json().path("choices").path(0).path("message").path("role").asText());
    }

    @Test
    void streamedChatEndsWithAUsageChunkAndDone() throws Exception {
        Http.Answer a = Http.post(server.url(), "/chat/completions", "{\"model\":\"tiny\",\"messages\":[{\"role\":"
                + "\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}],"
                + "\"max_tokens\":5,\"temperature\":0,\"ignore_eos\":true,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}");
        assertEquals(200, a.status(), a.body());
        List<String> data = a.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertEquals("[DONE]", data.get(data.size() - 1));
        JsonNode first = Http.JSON.readTree(data.get(0));
        assertEquals("assistant", first.path("choices").path(0).path("delta").path("role").asText());
        JsonNode usageChunk = Http.JSON.readTree(data.get(data.size() - 2));
        assertEquals(0, usageChunk.path("choices").size());
        assertEquals(5, usageChunk.path("usage").path("completion_tokens").asInt());
        Generation want = expected("Be brief.\n" + PROMPT, 5);
        assertEquals(want.promptTokens(), usageChunk.path("usage").path("prompt_tokens").asInt(),
                "the documented template: contents joined by newlines");
        StringBuilder text = new StringBuilder();
        for (String d : data.subList(0, data.size() - 2)) {
            text.append(Http.JSON.readTree(d).path("choices").path(0).path("delta").path("content").asText(""));
        }
        assertEquals(want.text(), text.toString());
        assertEquals("length", Http.JSON.readTree(data.get(data.size() - 3)).path("choices").path(0)
                .path("finish_reason").asText());
    }

    @Test
    void fourConcurrentClientsAreEachAnsweredCorrectly() throws Exception {
        List<String> prompts = List.of("In the beginning", "And God said", "Let there be light", "The earth was");
        List<Generation> want = new ArrayList<>();
        for (String p : prompts) {
            want.add(expected(p, 10));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (GenerationBackend c = client(OpenAiConfig.Endpoint.COMPLETIONS)) {
            List<Future<Generation>> got = new ArrayList<>();
            for (String p : prompts) {
                got.add(pool.submit(() -> c.generate(new GenerationRequest(p, 10, true,
                        GenerationRequest.Sampling.GREEDY), GenerationListener.NONE)));
            }
            for (int i = 0; i < prompts.size(); i++) {
                Generation g = got.get(i).get();
                assertEquals(want.get(i).text(), g.text(), prompts.get(i));
                assertEquals(want.get(i).promptTokens(), g.promptTokens(), prompts.get(i));
                assertEquals(10, g.newTokens(), prompts.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void seededSamplingRepeats() throws Exception {
        String body = "{\"model\":\"tiny\",\"prompt\":\"" + PROMPT + "\",\"max_tokens\":8,\"temperature\":0.9,"
                + "\"top_k\":40,\"seed\":11,\"ignore_eos\":true}";
        String first = Http.post(server.url(), "/completions", body).json().path("choices").path(0).path("text")
                .asText();
        String again = Http.post(server.url(), "/completions", body).json().path("choices").path(0).path("text")
                .asText();
        assertEquals(first, again);
        Generation want = direct.generate(new GenerationRequest(PROMPT, 8, true,
                new GenerationRequest.Sampling(0.9, 40, 11)), GenerationListener.NONE);
        assertEquals(want.text(), first);
    }

    @Test
    void badRequestsGetOpenAiErrorObjectsWithTheirStatus() throws Exception {
        URI api = server.url();
        assertError(Http.post(api, "/completions", "{not json"), 400, "invalid_request_error", "not valid JSON");
        assertError(Http.post(api, "/completions", "[1]"), 400, "invalid_request_error", "JSON object");
        assertError(Http.post(api, "/completions", "{\"prompt\":\"x\"}"), 400, "invalid_request_error",
                "model is required");
        assertError(Http.post(api, "/completions", "{\"model\":\"gpt-4\",\"prompt\":\"x\"}"), 404,
                "invalid_request_error", "serves 'tiny'");
        assertError(Http.post(api, "/completions", "{\"model\":\"tiny\"}"), 400, "invalid_request_error",
                "prompt is required");
        assertError(Http.post(api, "/completions", "{\"model\":\"tiny\",\"prompt\":\"x\",\"max_tokens\":0}"), 400,
                "invalid_request_error", "max_tokens must be an integer from 1");
        assertError(Http.post(api, "/completions", "{\"model\":\"tiny\",\"prompt\":\"x\",\"n\":2}"), 400,
                "invalid_request_error", "several choices");
        assertError(Http.post(api, "/completions", "{\"model\":\"tiny\",\"prompt\":\"x\",\"temperature\":\"hot\"}"),
                400, "invalid_request_error", "temperature must be a number");
        assertError(Http.post(api, "/chat/completions", "{\"model\":\"tiny\",\"messages\":[{\"role\":\"robot\","
                + "\"content\":\"x\"}]}"), 400, "invalid_request_error", "role must be one of");
        assertError(Http.post(api, "/completions", "{\"model\":\"tiny\",\"prompt\":\"x\",\"max_tokens\":100000}"),
                500, "engine_error", "context");
        assertError(Http.post(api, "/completions", "{\"model\":\"tiny\",\"prompt\":\""
                + "x".repeat(OpenAiServer.MAX_BODY_BYTES) + "\"}"), 413, "invalid_request_error", "over 1048576 bytes");
        assertError(Http.post(api, "/embeddings", "{}"), 404, "invalid_request_error", "no endpoint /v1/embeddings");
        assertError(Http.get(api, "/completions"), 405, "invalid_request_error", "use POST");
        Http.Answer models = Http.get(api, "/models");
        assertEquals(200, models.status());
        assertEquals(MODEL, models.json().path("data").path(0).path("id").asText());
    }

    static void assertError(Http.Answer a, int status, String type, String words) throws Exception {
        assertEquals(status, a.status(), a.body());
        JsonNode error = a.json().path("error");
        assertEquals(type, error.path("type").asText(), a.body());
        assertTrue(error.path("message").asText().contains(words), a.body());
    }

    @Test
    void aPortInUseIsRefusedWithOneLine() {
        ServeException e = assertThrows(ServeException.class, () -> OpenAiServer.start(
                ServeConfig.loopback(server.port(), MODEL), served, Optional.empty()));
        assertEquals("cannot listen on 127.0.0.1:" + server.port() + ": the port is in use", e.getMessage());
    }
}
