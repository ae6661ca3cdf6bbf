package org.joulebench.runners;

/**
 * How to run a backend.
 *
 * @param threads intra-op threads; 0 lets the backend choose
 * @param device  execution device: {@code cpu} today; kept open for {@code cuda}
 */
public record BackendConfig(int threads, String device) {

    public BackendConfig {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, was " + threads);
        }
        java.util.Objects.requireNonNull(device, "device");
    }

    public static BackendConfig cpu(int threads) {
        return new BackendConfig(threads, "cpu");
    }
}
