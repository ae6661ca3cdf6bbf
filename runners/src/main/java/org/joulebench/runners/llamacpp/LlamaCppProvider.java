package org.joulebench.runners.llamacpp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationProvider;
import org.joulebench.zoo.ModelEntry;

/**
 * llama.cpp through de.kherud:llama (CPU natives for Linux, macOS and Windows in the jar), for GGUF generation models.
 *
 * <p>Each open model lives in a child JVM of its own, started with this JVM's java binary and class path: the binding
 * leaves a non-daemon native thread behind after {@code close()}, which would keep the harness alive, and a native
 * abort takes down only the child. Closing the backend ends the child (it is destroyed if it has not exited within
 * five seconds); every wait on it is bounded.
 */
public final class LlamaCppProvider implements GenerationProvider {

    static final String ID = "llamacpp";

    /** Context when the zoo entry does not give one. */
    static final int DEFAULT_CONTEXT = 2048;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration loadTimeout;
    private final Duration eventTimeout;

    /** Waits up to 10 minutes for a model to load and up to 5 minutes for each answer of the child. */
    public LlamaCppProvider() {
        this(Duration.ofMinutes(10), Duration.ofMinutes(5));
    }

    LlamaCppProvider(Duration loadTimeout, Duration eventTimeout) {
        this.loadTimeout = Objects.requireNonNull(loadTimeout, "loadTimeout");
        this.eventTimeout = Objects.requireNonNull(eventTimeout, "eventTimeout");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "llama.cpp (de.kherud:llama 4.2.0, CPU) in a child JVM, for GGUF generation models";
    }

    @Override
    public boolean supports(ModelEntry model) {
        return model.format().equals("gguf") && model.task().equals("generation");
    }

    @Override
    public GenerationBackend open(ModelEntry model, Path modelFile, BackendConfig config) throws BackendException {
        if (!supports(model)) {
            throw new BackendException("llamacpp runs GGUF generation models; " + model.id() + " is a "
                    + model.format() + " " + model.task() + " model");
        }
        if (!config.device().equals("cpu")) {
            throw new BackendException("llamacpp runs on the CPU only: the de.kherud:llama 4.2.0 jar ships CPU "
                    + "builds of llama.cpp; device '" + config.device() + "' needs another engine");
        }
        if (!Files.isRegularFile(modelFile)) {
            throw new BackendException("model file " + modelFile + " of " + model.id() + " does not exist");
        }
        int context = model.maxTokens() > 0 ? model.maxTokens() : DEFAULT_CONTEXT;
        LlamaCppBackend.Loader loader = parallel -> load(modelFile, config.threads(), context, parallel);
        return new LlamaCppBackend(loader.load(1), eventTimeout, loader);
    }

    /** A child with the model loaded in {@code parallel} slots of {@code context} tokens each. */
    private ChildProcess load(Path modelFile, int threads, int context, int parallel) throws BackendException {
        ChildProcess child = ChildProcess.start();
        ObjectNode load = JSON.createObjectNode();
        load.put("op", "load");
        load.put("path", modelFile.toAbsolutePath().toString());
        load.put("threads", threads);
        load.put("ctx", context);
        if (parallel > 1) {
            load.put("parallel", parallel);
        }
        try {
            child.send(load);
            child.expect("ready", loadTimeout);
        } catch (ChildProcess.ChildError e) {
            throw new BackendException("llamacpp could not load " + modelFile + ": "
                    + child.closeWith(e).getMessage());
        } catch (BackendException | RuntimeException e) {
            child.close();
            throw new BackendException("llamacpp could not load " + modelFile + ": " + e.getMessage(), e);
        }
        return child;
    }

    /**
     * Generates {@code newTokens} greedy tokens (fixed length) in the child's bare loop over the binding's iterator,
     * with no protocol traffic per token, for comparing this backend's overhead with the binding's own speed.
     *
     * @param backend a backend this provider opened
     */
    public static BareLoop measureBareLoop(GenerationBackend backend, String prompt, int newTokens)
            throws BackendException {
        if (!(backend instanceof LlamaCppBackend llama)) {
            throw new IllegalArgumentException("not a llamacpp backend: " + backend.backend());
        }
        if (newTokens < 2) {
            throw new IllegalArgumentException("newTokens must be >= 2 to time decoding, was " + newTokens);
        }
        return llama.bareLoop(Objects.requireNonNull(prompt, "prompt"), newTokens);
    }

    /**
     * One run of the bare loop, timed inside the child.
     *
     * @param prefill from the request to the first token
     * @param decode  from the first token to the end; {@code newTokens - 1} tokens were produced in it
     */
    public record BareLoop(int promptTokens, int newTokens, Duration prefill, Duration decode) {

        /** Tokens per second after the first. */
        public double decodeTokensPerSecond() {
            return (newTokens - 1) / (decode.toNanos() / 1e9);
        }
    }
}
