package org.joulebench.runners.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.joulebench.runners.BackendException;
import org.joulebench.runners.Generation;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationListener;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.GenerationRequest.Sampling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class OpenAiBackendTest {

    private static final String KEY = "sk-test-0123456789abcdef-DO-NOT-LEAK";
    private static final String KEY_VAR = "JB_TEST_OPENAI_KEY";
    private static final Function<String, String> ENV = name -> name.equals(KEY_VAR) ? KEY : null;
    private static final String COMPLETIONS = "/v1/completions";
    private static final String CHAT = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeOpenAiServer server;
    /** Every message and result a test saw, checked for the key afterwards. */
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void theKeyWentOnlyIntoTheAuthorizationHeader() {
        server.close();
        seen.forEach(s -> assertFalse(s.contains(KEY), "the key leaked into: " + s));
        server.requests.forEach(r -> assertEquals("Bearer " + KEY, r.authorization(), r.path()));
    }

    private OpenAiConfig config() {
        return OpenAiConfig.of(server.baseUrl(), "tiny").withApiKeyEnvVar(KEY_VAR)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    /** Waits only 300 ms for a server that has stopped sending. */
    private OpenAiConfig impatient() {
        return config().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300));
    }

    private GenerationBackend open(OpenAiConfig config) throws BackendException {
        return OpenAiProvider.open(config, ENV);
    }

    private Generation generate(GenerationBackend backend, GenerationRequest request, GenerationListener listener)
            throws BackendException {
        Generation g = backend.generate(request, listener);
        seen.add(g.toString());
        return g;
    }

    private <T extends Throwable> T failure(Class<T> type, org.junit.jupiter.api.function.Executable call) {
        T e = assertThrows(type, call);
        seen.add(String.valueOf(e.getMessage()));
        return e;
    }

    @Test
    void streamsCompletionsWithRealTimeToFirstTokenAndTheServersCounts() throws Exception {
        server.streams(COMPLETIONS, 60, "\n",
                "{\"id\":\"c1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"Hel\","
                        + "\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"text\":\"lo\",\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"text\":\" world\",\"finish_reason\":\"length\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":5,\"total_tokens\":9}}",
                "[DONE]");
        Recorder recorder = new Recorder();
        Generation g = generate(open(config()), new GenerationRequest("Say hello", 5, true, Sampling.GREEDY),
                recorder);

        assertEquals("Hello world", g.text());
        assertEquals(List.of(), g.tokens());
        assertEquals(4, g.promptTokens());
        assertEquals(5, g.newTokens(), "from usage, not the 3 chunks");
        assertFalse(g.stoppedAtEos());
        assertEquals(List.of("prefill -1", "token -1 Hel", "token -1 lo", "token -1  world"), recorder.events);
        assertTrue(g.prefillNanos() >= Duration.ofMillis(50).toNanos(), "ttft " + g.prefillNanos());
        assertTrue(g.decodeNanos() >= Duration.ofMillis(100).toNanos(), "decode " + g.decodeNanos());

        JsonNode body = JSON.readTree(server.last(COMPLETIONS).body());
        assertEquals("tiny", body.path("model").asText());
        assertEquals("Say hello", body.path("prompt").asText());
        assertEquals(5, body.path("max_tokens").asInt());
        assertTrue(body.path("stream").asBoolean());
        assertTrue(body.path("stream_options").path("include_usage").asBoolean());
        assertEquals(0.0, body.path("temperature").asDouble());
        assertTrue(body.path("ignore_eos").asBoolean());
        assertFalse(body.has("top_k"));
        assertEquals(0, body.path("seed").asLong());
    }

    @Test
    void theServersClaimOfEnergyIsKeptAsItsClaim() throws Exception {
        server.streams(COMPLETIONS, 0, "\n",
                "{\"choices\":[{\"index\":0,\"text\":\"a\",\"finish_reason\":\"length\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":1,\"energy\":{\"joules\":"
                        + "0.75,\"method\":\"COUNTER\",\"meter\":\"rapl\",\"boundary\":\"CPU package 0\"}}}",
                "[DONE]");
        Generation g = generate(open(config()), GenerationRequest.greedy("x", 1), GenerationListener.NONE);
        assertEquals(new org.joulebench.runners.EnergyClaim(0.75, "COUNTER", "rapl", "CPU package 0"), g.serverClaim());
        assertEquals("server's claim, method COUNTER, meter rapl, boundary CPU package 0", g.serverClaim().label());
    }

    @Test
    void textGenerationInferencesMillijoulesAreAClaimToo() throws Exception {
        server.streams(COMPLETIONS, 0, "\n",
                "{\"choices\":[{\"index\":0,\"text\":\"a\",\"finish_reason\":\"length\"}],"
                        + "\"details\":{\"energy_mj\":108836}}",
                "[DONE]");
        Generation g = generate(open(config()), GenerationRequest.greedy("x", 1), GenerationListener.NONE);
        assertEquals(108.836, g.serverClaim().joules(), 1e-9);
        assertEquals("energy_mj", g.serverClaim().meter());
    }

    @Test
    void noClaimAndMalformedClaimsAreNone() throws Exception {
        server.streams(COMPLETIONS, 0, "\n",
                "{\"choices\":[{\"index\":0,\"text\":\"a\",\"finish_reason\":\"length\"}],"
                        + "\"usage\":{\"energy\":{\"joules\":-1}}}",
                "{\"choices\":[],\"usage\":{\"energy\":\"lots\"}}",
                "[DONE]");
        assertNull(generate(open(config()), GenerationRequest.greedy("x", 1), GenerationListener.NONE).serverClaim());
    }

    @Test
    void streamsChatWithCrLfAndSkipsTheRoleChunk() throws Exception {
        server.streams(CHAT, 0, "\r\n",
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"In the\"},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" beginning\"},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}",
                "[DONE]");
        Recorder recorder = new Recorder();
        GenerationBackend backend = open(config().withEndpoint(OpenAiConfig.Endpoint.CHAT));
        Generation g = generate(backend, new GenerationRequest("Genesis 1:1", 16, false, new Sampling(0.7, 40, 11)),
                recorder);

        assertEquals("In the beginning", g.text());
        assertEquals(9, g.promptTokens());
        assertEquals(2, g.newTokens());
        assertTrue(g.stoppedAtEos());
        assertEquals(List.of("prefill -1", "token -1 In the", "token -1  beginning"), recorder.events);
        JsonNode body = JSON.readTree(server.last(CHAT).body());
        assertEquals("user", body.path("messages").path(0).path("role").asText());
        assertEquals("Genesis 1:1", body.path("messages").path(0).path("content").asText());
        assertEquals(0.7, body.path("temperature").asDouble());
        assertEquals(40, body.path("top_k").asInt());
        assertEquals(11, body.path("seed").asLong());
        assertFalse(body.has("ignore_eos"));
        assertFalse(body.has("prompt"));
    }

    @Test
    void withoutUsageTheChunksAreCountedAndThePromptIsUnknown() throws Exception {
        server.streams(COMPLETIONS, 0, "\n",
                "{\"choices\":[{\"text\":\"a\"}]}", "{\"choices\":[{\"text\":\"b\"}]}",
                "{\"choices\":[{\"text\":\"c\",\"finish_reason\":\"stop\"}]}", "[DONE]");
        Generation g = generate(open(config()), GenerationRequest.greedy("x", 8), GenerationListener.NONE);
        assertEquals("abc", g.text());
        assertEquals(-1, g.promptTokens());
        assertEquals(3, g.newTokens());
        assertTrue(g.stoppedAtEos());
    }

    @Test
    void anHttpErrorCarriesTheStatusAndTheServersMessageWithoutTheKey() throws Exception {
        server.fails(COMPLETIONS, 500, "{\"error\":{\"message\":\"model crashed while serving key " + KEY
                + "\",\"type\":\"server_error\"}}");
        GenerationBackend backend = open(config());
        BackendException e = failure(BackendException.class,
                () -> backend.generate(GenerationRequest.greedy("x", 4), GenerationListener.NONE));
        assertEquals(server.baseUrl() + COMPLETIONS + " answered HTTP 500: model crashed while serving key ***",
                e.getMessage());
    }

    @Test
    void longErrorMessagesAreCut() throws Exception {
        server.fails(COMPLETIONS, 400, "{\"error\":\"" + "x".repeat(5000) + "\"}");
        GenerationBackend backend = open(config());
        BackendException e = failure(BackendException.class,
                () -> backend.generate(GenerationRequest.greedy("x", 4), GenerationListener.NONE));
        assertTrue(e.getMessage().startsWith(server.baseUrl() + COMPLETIONS + " answered HTTP 400: xxx"));
        assertTrue(e.getMessage().endsWith("x…") && e.getMessage().length() < 400, e.getMessage());
    }

    @Test
    void aServerThatStallsAfterItsHeadersTimesOutQuickly() throws Exception {
        server.stallsAfter(COMPLETIONS);
        GenerationBackend backend = open(impatient());
        long start = System.nanoTime();
        BackendException e = failure(BackendException.class,
                () -> backend.generate(GenerationRequest.greedy("x", 4), GenerationListener.NONE));
        assertEquals("no data from " + server.baseUrl() + COMPLETIONS + " for 300 ms", e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
    }

    @Test
    void aServerThatStallsMidStreamTimesOutToo() throws Exception {
        server.stallsAfter(COMPLETIONS, "{\"choices\":[{\"text\":\"a\"}]}");
        Recorder recorder = new Recorder();
        GenerationBackend backend = open(impatient());
        BackendException e = failure(BackendException.class,
                () -> backend.generate(GenerationRequest.greedy("x", 4), recorder));
        assertEquals("no data from " + server.baseUrl() + COMPLETIONS + " for 300 ms", e.getMessage());
        assertEquals(List.of("prefill -1", "token -1 a"), recorder.events);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        server.staysSilent(COMPLETIONS);
        GenerationBackend backend = open(impatient());
        BackendException e = failure(BackendException.class,
                () -> backend.generate(GenerationRequest.greedy("x", 4), GenerationListener.NONE));
        assertEquals("no data from " + server.baseUrl() + COMPLETIONS + " for 1.3 s (1 s to connect, 300 ms idle)", e.getMessage());
    }

    @Test
    void errorsInsideTheStreamAndBrokenEventsAreReported() throws Exception {
        server.streams(COMPLETIONS, 0, "\n", "{\"error\":{\"message\":\"out of memory\"}}");
        server.streams("/v2/v1/completions", 0, "\n", "{not json");
        server.on("/v3/v1/completions", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("data: {\"choices\":[{\"text\":\"a\"}]}\n\n".getBytes());
        });
        GenerationRequest request = GenerationRequest.greedy("x", 4);
        assertEquals(server.baseUrl() + COMPLETIONS + " reported an error while streaming: out of memory",
                failure(BackendException.class, () -> open(config()).generate(request, GenerationListener.NONE))
                        .getMessage());
        OpenAiConfig v2 = config();
        assertEquals(server.baseUrl() + "/v2/v1/completions sent an event that is not JSON: {not json",
                failure(BackendException.class, () -> open(at(v2, "/v2")).generate(request, GenerationListener.NONE))
                        .getMessage());
        assertEquals(server.baseUrl() + "/v3/v1/completions ended the stream before it was done",
                failure(BackendException.class, () -> open(at(v2, "/v3")).generate(request, GenerationListener.NONE))
                        .getMessage());
    }

    @Test
    void aRefusedKeyFailsInOpenAndNamesTheVariableNotTheKey() {
        server.fails("/v1/models", 401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}");
        BackendException e = failure(BackendException.class, () -> open(config()));
        assertEquals(server.baseUrl() + "/v1/models refused the request (HTTP 401: Incorrect API key provided: ***);"
                + " check the key in $" + KEY_VAR, e.getMessage());
    }

    @Test
    void anUnreachableServerFailsInOpen() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + port);
        BackendException e = failure(BackendException.class,
                () -> open(OpenAiConfig.of(nowhere, "tiny").withApiKeyEnvVar(KEY_VAR)));
        assertTrue(e.getMessage().startsWith("could not connect to " + nowhere + "/v1/models"), e.getMessage());
        assertTrue(e.getMessage().endsWith("is the server running?"), e.getMessage());
    }

    @Test
    void withoutTheVariableNoKeyIsSent() throws Exception {
        server.streams(COMPLETIONS, 0, "\n", "{\"choices\":[{\"text\":\"a\",\"finish_reason\":\"stop\"}]}", "[DONE]");
        GenerationBackend backend = OpenAiProvider.open(config(), name -> null);
        backend.generate(GenerationRequest.greedy("x", 4), GenerationListener.NONE);
        assertNull(server.last(COMPLETIONS).authorization());
        server.requests.clear(); // the after-each check is for requests made with the key
    }

    @Test
    void remoteEnginesNeitherTokenizeNorScore() throws Exception {
        GenerationBackend backend = open(config());
        assertEquals("openai", backend.backend());
        assertEquals("remote:127.0.0.1", backend.device());
        assertTrue(failure(UnsupportedOperationException.class, () -> backend.tokenize("hello")).getMessage()
                .startsWith("openai cannot tokenize or score text: token counts come from the server's usage field"));
        failure(UnsupportedOperationException.class, () -> backend.log2Likelihood("a", "b"));
    }

    private static OpenAiConfig at(OpenAiConfig config, String prefix) {
        return new OpenAiConfig(URI.create(config.baseUrl() + prefix), config.model(), config.apiKeyEnvVar(),
                config.connectTimeout(), config.idleTimeout(), config.endpoint());
    }

    static final class Recorder implements GenerationListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void prefillDone(int promptTokens) {
            events.add("prefill " + promptTokens);
        }

        @Override
        public void token(int id, String piece) {
            events.add("token " + id + " " + piece);
        }
    }
}
