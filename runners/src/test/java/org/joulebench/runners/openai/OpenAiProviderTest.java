package org.joulebench.runners.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ServiceLoader;

import org.joulebench.runners.BackendException;
import org.joulebench.runners.GenerationProvider;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest {

    private static ModelEntry entry(String kind, String coordinates, String model, String format) {
        return new ModelEntry("remote", "Llama", "generation", 1, 1, 1, Precision.FP16, format,
                new ModelSource(kind, coordinates, model, ""), "0".repeat(64), 1, "proprietary", Pooling.MEAN,
                false, 4096, "", "");
    }

    @Test
    void isFoundByServiceLoaderAndRunsOnlyRemoteEntries() {
        GenerationProvider provider = ServiceLoader.load(GenerationProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("openai")).findFirst().orElseThrow();
        assertInstanceOf(OpenAiProvider.class, provider);
        assertTrue(provider.supports(entry("openai", "http://127.0.0.1:8080", "tiny", "completions")));
        assertFalse(provider.supports(entry("file", "/models", "tiny.gguf", "gguf")));
    }

    @Test
    void aZooEntryNamesTheServerTheModelAndTheEndpoint() throws BackendException {
        OpenAiConfig config = OpenAiProvider.configOf(
                entry("openai", "https://api.example.com/v1", "gpt-x", "chat"));
        assertEquals(URI.create("https://api.example.com/v1"), config.baseUrl());
        assertEquals("gpt-x", config.model());
        assertEquals(OpenAiConfig.Endpoint.CHAT, config.endpoint());
        assertEquals("OPENAI_API_KEY", config.apiKeyEnvVar());
        assertEquals(OpenAiConfig.Endpoint.COMPLETIONS, OpenAiProvider.configOf(
                entry("openai", "http://127.0.0.1:8080", "tiny", "completions")).endpoint());
        BackendException e = assertThrows(BackendException.class,
                () -> OpenAiProvider.configOf(entry("openai", "ftp://host", "m", "chat")));
        assertTrue(e.getMessage().startsWith("model remote: source coordinates 'ftp://host' and model 'm' do not"
                + " name a server and model: baseUrl must be an http or https URL"), e.getMessage());
    }

    @Test
    void theApiRootGetsV1OnceWhicheverWayItIsWritten() {
        for (String root : new String[] {"http://h:1", "http://h:1/", "http://h:1/v1", "http://h:1/v1/"}) {
            assertEquals(URI.create("http://h:1/v1/chat/completions"),
                    OpenAiConfig.of(URI.create(root), "m").resolve("chat/completions"), root);
        }
        assertEquals(URI.create("https://gw.example/openai/v1/models"),
                OpenAiConfig.of(URI.create("https://gw.example/openai"), "m").resolve("models"));
    }

    @Test
    void configIsValidated() {
        URI url = URI.create("http://h:1");
        assertThrows(IllegalArgumentException.class, () -> OpenAiConfig.of(url, " "));
        assertThrows(IllegalArgumentException.class, () -> OpenAiConfig.of(url, "m").withApiKeyEnvVar(""));
        assertThrows(IllegalArgumentException.class,
                () -> OpenAiConfig.of(url, "m").withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> OpenAiConfig.of(url, "m").withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(-1)));
    }

    @Test
    void theConfigNamesTheVariableButHoldsNoKey() {
        String shown = OpenAiConfig.of(URI.create("http://h:1"), "m").toString();
        assertTrue(shown.contains("apiKeyEnvVar=OPENAI_API_KEY"), shown);
    }
}
