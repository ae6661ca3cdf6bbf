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
        return "llama.cpp (de.kherud:llama 4.2.0, CPU; GPU offload with --gpu-layers and a CUDA build of its"
                + " library) in a child JVM, for GGUF generation models";
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
            throw new BackendException("--device " + config.device() + " cannot apply to " + ID + ": it puts layers"
                    + " on the GPU with --gpu-layers N instead (with a CUDA build of its library, see docs/gpu.md)");
        }
        String libraryPath = System.getProperty(LIB_PATH);
        if (config.gpuLayers() > 0 && (libraryPath == null || libraryPath.isBlank())) {
            throw new BackendException(cpuOnlyLibrary(config.gpuLayers()));
        }
        if (!Files.isRegularFile(modelFile)) {
            throw new BackendException("model file " + modelFile + " of " + model.id() + " does not exist");
        }
        int context = model.maxTokens() > 0 ? model.maxTokens() : DEFAULT_CONTEXT;
        String[] device = {"cpu"};
        LlamaCppBackend.Loader loader = parallel -> load(modelFile, config, context, parallel, libraryPath, device);
        ChildProcess first = loader.load(1);
        return new LlamaCppBackend(first, eventTimeout, loader, device[0]);
    }

    /**
     * A child with the model loaded in {@code parallel} slots of {@code context} tokens each; {@code device[0]} gets
     * where it runs ({@code cpu}, or {@code cuda (X/Y layers)} when layers were offloaded).
     */
    private ChildProcess load(Path modelFile, BackendConfig config, int context, int parallel, String libraryPath,
                              String[] device) throws BackendException {
        ChildProcess child = ChildProcess.start();
        ObjectNode load = JSON.createObjectNode();
        load.put("op", "load");
        load.put("path", modelFile.toAbsolutePath().toString());
        load.put("threads", config.threads());
        load.put("gpuLayers", config.gpuLayers());
        load.put("ctx", context);
        if (parallel > 1) {
            load.put("parallel", parallel);
        }
        com.fasterxml.jackson.databind.JsonNode ready;
        try {
            child.send(load);
            ready = child.expect("ready", loadTimeout);
        } catch (ChildProcess.ChildError e) {
            throw new BackendException("llamacpp could not load " + modelFile + ": "
                    + child.closeWith(e).getMessage());
        } catch (BackendException | RuntimeException e) {
            child.close();
            throw new BackendException("llamacpp could not load " + modelFile + ": " + e.getMessage(), e);
        }
        int offloaded = ready.path("offloaded").asInt(-1);
        int layers = ready.path("layers").asInt(-1);
        if (config.gpuLayers() > 0 && offloaded <= 0) {
            child.close();
            throw new BackendException(noOffload(config.gpuLayers(), libraryPath, offloaded, layers));
        }
        device[0] = config.gpuLayers() > 0 ? "cuda (" + offloaded + "/" + layers + " layers)" : "cpu";
        return child;
    }

    /** The system property with which the binding loads its native library from a folder instead of its jar. */
    static final String LIB_PATH = "de.kherud.llama.lib.path";

    /** How to get a CUDA build of the binding's library; the Maven jar's is CPU-only. */
    static final String CUDA_BUILD = "build the binding's library with CUDA (git clone"
            + " https://github.com/kherud/java-llama.cpp at v4.2.0; mvn compile; cmake -B build -DGGML_CUDA=ON;"
            + " cmake --build build --config Release) and run with JOULEBENCH_JAVA_OPTS=-D" + LIB_PATH
            + "=<folder of its libjllama.so> (see docs/gpu.md)";

    static String cpuOnlyLibrary(int gpuLayers) {
        return "--gpu-layers " + gpuLayers + ": the llama.cpp library inside the de.kherud:llama 4.2.0 jar is a"
                + " CPU-only build, it cannot offload; " + CUDA_BUILD;
    }

    /**
     * The binding exposes no {@code llama_supports_gpu_offload}: the child reads llama.cpp's own log line
     * "offloaded X/Y layers to GPU" when it loads, and none offloaded means no GPU support (or no GPU visible).
     */
    static String noOffload(int gpuLayers, String libraryPath, int offloaded, int layers) {
        return "--gpu-layers " + gpuLayers + ": the llama.cpp library in " + libraryPath + " offloaded "
                + (offloaded < 0 ? "no layers (it logged no offload line)" : offloaded + " of " + layers + " layers")
                + " to a GPU: it has no GPU support, or sees no GPU (check nvidia-smi); " + CUDA_BUILD;
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
