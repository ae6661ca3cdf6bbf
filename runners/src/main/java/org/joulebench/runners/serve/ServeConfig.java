package org.joulebench.runners.serve;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link OpenAiServer} listens and admits requests.
 *
 * @param host        the address to listen on (loopback unless the user asks otherwise: there is no authentication)
 * @param port        the port; 0 picks any free one ({@link OpenAiServer#port()} tells which)
 * @param model       the name the model is served under: requests must name it, {@code /v1/models} lists it
 * @param concurrency how many requests are handed to the engine at once (a batching engine decodes them together)
 * @param queue       how many more may wait for the engine; beyond that a request is refused with 429
 * @param grace       how long {@link OpenAiServer#close()} lets requests in flight finish before it fails them
 */
public record ServeConfig(InetAddress host, int port, String model, int concurrency, int queue, Duration grace) {

    public ServeConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(grace, "grace");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must be named, was blank");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        }
        if (queue < 0) {
            throw new IllegalArgumentException("queue must be >= 0, was " + queue);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
    }

    /** {@code model} on loopback at {@code port}, 8 requests at a time and 32 waiting, 5 s of grace on close. */
    public static ServeConfig loopback(int port, String model) {
        return new ServeConfig(InetAddress.getLoopbackAddress(), port, model, 8, 32, Duration.ofSeconds(5));
    }

    public ServeConfig withHost(InetAddress newHost) {
        return new ServeConfig(newHost, port, model, concurrency, queue, grace);
    }

    public ServeConfig withAdmission(int newConcurrency, int newQueue) {
        return new ServeConfig(host, port, model, newConcurrency, newQueue, grace);
    }

    public ServeConfig withGrace(Duration newGrace) {
        return new ServeConfig(host, port, model, concurrency, queue, newGrace);
    }
}
