package org.joulebench.runners.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach an OpenAI-compatible server (OpenAI, llama.cpp's {@code llama-server}, vLLM, …).
 *
 * @param baseUrl        the API root: {@code https://api.openai.com/v1} or {@code http://127.0.0.1:8080}; a root
 *                       whose path does not end in {@code /v1} gets {@code /v1} added
 * @param model          the model name the server knows
 * @param apiKeyEnvVar   the environment variable that holds the API key (the key itself is never configured,
 *                       logged or reported); when it is unset, requests go without an {@code Authorization} header
 * @param connectTimeout how long to wait for a connection
 * @param idleTimeout    how long the server may send nothing (before the response, or between streamed events)
 *                       before the request fails
 * @param endpoint       {@code /v1/completions} (the prompt is continued) or {@code /v1/chat/completions} (the
 *                       prompt is one user message)
 */
public record OpenAiConfig(URI baseUrl, String model, String apiKeyEnvVar, Duration connectTimeout,
                           Duration idleTimeout, Endpoint endpoint) {

    public static final String DEFAULT_API_KEY_ENV_VAR = "OPENAI_API_KEY";

    /** The two generation endpoints. */
    public enum Endpoint {
        COMPLETIONS("completions"), CHAT("chat/completions");

        private final String path;

        Endpoint(String path) {
            this.path = path;
        }

        /** The path below {@code /v1}. */
        public String path() {
            return path;
        }
    }

    public OpenAiConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKeyEnvVar, "apiKeyEnvVar");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL with a host, was " + baseUrl);
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must name the server's model, was blank");
        }
        if (apiKeyEnvVar.isBlank()) {
            throw new IllegalArgumentException("apiKeyEnvVar must name an environment variable, was blank");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
        }
    }

    /** {@code model} at {@code baseUrl} through {@code /v1/completions}, key from {@code $OPENAI_API_KEY}, 10 s to
     *  connect, 60 s of silence allowed. */
    public static OpenAiConfig of(URI baseUrl, String model) {
        return new OpenAiConfig(baseUrl, model, DEFAULT_API_KEY_ENV_VAR, Duration.ofSeconds(10),
                Duration.ofSeconds(60), Endpoint.COMPLETIONS);
    }

    public OpenAiConfig withEndpoint(Endpoint newEndpoint) {
        return new OpenAiConfig(baseUrl, model, apiKeyEnvVar, connectTimeout, idleTimeout, newEndpoint);
    }

    public OpenAiConfig withApiKeyEnvVar(String newApiKeyEnvVar) {
        return new OpenAiConfig(baseUrl, model, newApiKeyEnvVar, connectTimeout, idleTimeout, endpoint);
    }

    public OpenAiConfig withTimeouts(Duration newConnectTimeout, Duration newIdleTimeout) {
        return new OpenAiConfig(baseUrl, model, apiKeyEnvVar, newConnectTimeout, newIdleTimeout, endpoint);
    }

    /** The URL of {@code path} below the API root's {@code /v1}. */
    URI resolve(String path) {
        String root = baseUrl.toString();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        if (!root.endsWith("/v1")) {
            root = root + "/v1";
        }
        return URI.create(root + "/" + path);
    }
}
