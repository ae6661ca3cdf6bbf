package org.joulebench.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.joulebench.harness.InputException;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** A Kubernetes client from the user's kubeconfig, as kubectl finds it, or from {@code --kubeconfig}. */
public final class KubernetesConnection {

    private KubernetesConnection() {
    }

    /**
     * A client for the kubeconfig's current context ({@code kubeconfig} where given, else {@code $KUBECONFIG}, else
     * {@code ~/.kube/config}, else the pod's service account), in {@code namespace} where given, else the
     * context's namespace, else {@code default}. Nothing is sent yet.
     *
     * @throws InputException when there is no kubeconfig, or it does not read
     */
    public static KubernetesClient connect(Optional<Path> kubeconfig, Optional<String> namespace,
            Map<String, String> environment) throws InputException {
        Config config;
        try {
            if (kubeconfig.isPresent()) {
                Path file = kubeconfig.get();
                if (!Files.isRegularFile(file)) {
                    throw new InputException("no kubeconfig at " + file, "give --kubeconfig the file kubectl uses");
                }
                config = Config.fromKubeconfig(file.toFile());
            } else {
                boolean anyFile = Config.getKubeconfigFilenames().stream().anyMatch(f -> Files.isRegularFile(Path.of(f)));
                if (!anyFile && environment.get("KUBERNETES_SERVICE_HOST") == null) {
                    throw new InputException("no kubeconfig (looked at "
                            + String.join(", ", Config.getKubeconfigFilenames()) + ") and not inside a cluster",
                            "give --kubeconfig FILE, or set KUBECONFIG, as for kubectl");
                }
                config = Config.autoConfigure(null);
            }
        } catch (RuntimeException e) {
            throw new InputException("cannot read the kubeconfig " + kubeconfig.map(Path::toString)
                    .orElse(String.join(", ", Config.getKubeconfigFilenames())) + ": " + withoutExcerpt(oneLine(e)),
                    "check it with `kubectl config view`, or give --kubeconfig FILE");
        }
        boolean inCluster = environment.get("KUBERNETES_SERVICE_HOST") != null || environment.get("KUBERNETES_MASTER") != null;
        if (config.getFileWithCluster() == null && !inCluster) {
            throw new InputException("the kubeconfig " + kubeconfig.map(Path::toString)
                    .orElse(String.join(", ", Config.getKubeconfigFilenames())) + " names no cluster for its current context",
                    "choose a context with `kubectl config use-context NAME`, or give --kubeconfig FILE");
        }
        namespace.ifPresent(config::setNamespace);
        if (config.getNamespace() == null) {
            config.setNamespace("default");
        }
        // An unreachable cluster is said at once rather than after ten retries.
        config.setRequestRetryBackoffLimit(1);
        config.setConnectionTimeout(5_000);
        config.setRequestTimeout(30_000);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A YAML parser's message without its excerpts of the file ("in reader, line 2, column 1: ^"). */
    static String withoutExcerpt(String message) {
        return message.replaceAll("\\s*in '?reader'?, line \\d+, column \\d+:[^^]*\\^", "").trim();
    }

    /** The innermost cause's message (e.g. Connection refused), on one line. */
    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof java.net.UnknownHostException) {
            message = "unknown host " + message;
        }
        return message.replaceAll("\\s+", " ").trim();
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += ": " + root.getMessage();
        }
        return message.replaceAll("\\s+", " ").trim();
    }
}
