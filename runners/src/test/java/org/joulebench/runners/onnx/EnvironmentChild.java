package org.joulebench.runners.onnx;

import org.joulebench.runners.BackendConfig;

/**
 * Makes the ONNX Runtime environment as a run does, in a JVM of its own ({@link EnvironmentThreadTest}), and says so
 * on stdout.
 */
final class EnvironmentChild {

    private EnvironmentChild() {
    }

    public static void main(String[] args) throws Exception {
        Sessions.environment(BackendConfig.cpu(1));
        System.out.println("environment made");
    }
}
