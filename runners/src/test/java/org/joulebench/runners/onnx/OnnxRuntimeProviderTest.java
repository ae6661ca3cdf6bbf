package org.joulebench.runners.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Backends;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelFiles;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.ModelZoo;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;
import org.junit.jupiter.api.Test;

class OnnxRuntimeProviderTest {

    private static final ModelEntry GGUF = new ModelEntry("tiny-llama", "Llama", "generation", 1, 1, 8, Precision.INT8,
            "gguf", new ModelSource("file", "/models", "m.gguf", "t.json"), "0".repeat(64), 1, "mit", Pooling.MEAN,
            false, 16, "example/tiny", "");

    @Test
    void isFoundByServiceLoader() {
        assertInstanceOf(OnnxRuntimeProvider.class, Backends.find("onnxruntime").orElseThrow());
    }

    @Test
    void supportsEveryBuiltInOnnxModelButNotGguf() {
        OnnxRuntimeProvider provider = new OnnxRuntimeProvider();
        ModelZoo.builtIn().models().stream().filter(m -> m.format().equals("onnx"))
                .forEach(m -> assertTrue(provider.supports(m), m.id()));
        ModelZoo.builtIn().models().stream().filter(m -> m.format().equals("gguf"))
                .forEach(m -> assertFalse(provider.supports(m), m.id()));
        assertFalse(provider.supports(GGUF));
    }

    @Test
    void refusesAModelItCannotRun() {
        BackendException e = assertThrows(BackendException.class,
                () -> new OnnxRuntimeProvider().open(new ModelFiles(GGUF, new byte[0], new byte[0]), BackendConfig.cpu(1)));
        assertTrue(e.getMessage().startsWith("model tiny-llama is a gguf generation model;"), e.getMessage());
    }

    @Test
    void cudaWithTheCpuBuildSaysHowToGetTheGpuBuild() throws OrtException {
        try (SessionOptions options = new SessionOptions()) {
            BackendException e = assertThrows(BackendException.class,
                    () -> Sessions.addDevice(options, "cuda", EnumSet.of(OrtProvider.CPU)));
            assertEquals("--device cuda: the CPU build of ONNX Runtime is on the class path (its providers: [CPU]);"
                    + " build with -Pcuda, or run the built CLI with JOULEBENCH_ORT_JAR=<onnxruntime_gpu jar>"
                    + " (see docs/gpu.md), or use --device cpu", e.getMessage());
        }
    }

    @Test
    void theCpuBuildOnThisMachineHasNoCuda() {
        // Tests run with the default (CPU) build: a run asking for cuda must stop at the check above.
        assertFalse(ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
    }

    @Test
    void cudaThatCannotStartIsOneLineNamingTheFix() throws OrtException {
        try (SessionOptions options = new SessionOptions()) {
            // The fake provider list says CUDA is there, so addCUDA runs; the CPU-only jar then refuses it, as the GPU
            // build does on a machine without CUDA: the OrtException becomes the one-line message.
            BackendException e = assertThrows(BackendException.class,
                    () -> Sessions.addDevice(options, "cuda:0", EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA)));
            assertTrue(e.getMessage().startsWith("--device cuda:0: ONNX Runtime's GPU build could not start CUDA ("),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("on LD_LIBRARY_PATH, or use --device cpu"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void badDevicesAreNamed() throws OrtException {
        try (SessionOptions options = new SessionOptions()) {
            EnumSet<OrtProvider> all = EnumSet.allOf(OrtProvider.class);
            for (String bad : new String[] {"tpu", "cuda:x", "cuda:", "cuda:-1", "CUDA", "gpu"}) {
                assertEquals("device '" + bad + "' is not one Joulebench knows; use cpu, cuda or cuda:N (N the GPU's"
                        + " index, as nvidia-smi numbers them)",
                        assertThrows(BackendException.class, () -> Sessions.addDevice(options, bad, all)).getMessage());
            }
        }
    }

    @Test
    void gpuLayersAreForLlamaCppOnly() {
        ModelEntry real = ModelZoo.builtIn().find("all-minilm-l6-v2-q").orElseThrow();
        BackendException e = assertThrows(BackendException.class, () -> new OnnxRuntimeProvider()
                .open(new ModelFiles(real, new byte[0], new byte[0]), new BackendConfig(1, "cpu", 4)));
        assertTrue(e.getMessage().startsWith("--gpu-layers 4 cannot apply to onnxruntime:"), e.getMessage());
    }

    @Test
    void aFileThatIsNotOnnxFailsInOpen() {
        ModelEntry real = ModelZoo.builtIn().find("all-minilm-l6-v2-q").orElseThrow();
        BackendException e = assertThrows(BackendException.class, () -> new OnnxRuntimeProvider()
                .open(new ModelFiles(real, "not onnx".getBytes(), new byte[0]), BackendConfig.cpu(1)));
        assertTrue(e.getMessage().startsWith("model all-minilm-l6-v2-q: ONNX Runtime could not open it on cpu: "),
                e.getMessage());
    }
}
