package org.joulebench.runners.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.zoo.ModelEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --gpu-layers: refused with the Maven jar's CPU-only library, and checked against llama.cpp's own offload line. */
class LlamaCppOffloadTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearLibraryPath() {
        System.clearProperty(LlamaCppProvider.LIB_PATH);
    }

    @Test
    void gpuLayersWithTheJarsCpuLibraryAreRefusedBeforeAnyChildStarts() throws Exception {
        System.clearProperty(LlamaCppProvider.LIB_PATH);
        Path model = TinyGguf.write(dir.resolve("tiny.gguf"), TinyGguf.Shape.TINY, 42);
        ModelEntry entry = TinyModels.entry(model, TinyGguf.Shape.TINY);
        BackendException e = assertThrows(BackendException.class,
                () -> new LlamaCppProvider().open(entry, model, new BackendConfig(1, "cpu", 99)));
        assertEquals(LlamaCppProvider.cpuOnlyLibrary(99), e.getMessage());
        assertTrue(e.getMessage().contains("-DGGML_CUDA=ON") && e.getMessage().contains("-Dde.kherud.llama.lib.path="),
                e.getMessage());
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(), "no child");
    }

    @Test
    void aLibraryOfOurOwnThatOffloadsNothingIsNamedAsHavingNoGpuSupport() throws Exception {
        // The jar's CPU library, put in a folder as a user's own build would be: the child loads it through the
        // property, asks for layers on the GPU, and llama.cpp logs that it offloaded none.
        String resource = "de/kherud/llama/Linux/x86_64/libjllama.so";
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the test copies the jar's Linux x86_64 library");
        Path lib = dir.resolve("lib");
        Files.createDirectories(lib);
        try (InputStream in = de.kherud.llama.LlamaModel.class.getClassLoader().getResourceAsStream(resource)) {
            assumeTrue(in != null, "the binding's jar has no " + resource);
            Files.copy(in, lib.resolve("libjllama.so"));
        }
        System.setProperty(LlamaCppProvider.LIB_PATH, lib.toString());
        assertTrue(ChildProcess.command().contains("-D" + LlamaCppProvider.LIB_PATH + "=" + lib),
                "the child gets the library folder: " + ChildProcess.command());
        Path model = TinyGguf.write(dir.resolve("tiny.gguf"), TinyGguf.Shape.TINY, 42);
        ModelEntry entry = TinyModels.entry(model, TinyGguf.Shape.TINY);
        BackendException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                BackendException.class, () -> new LlamaCppProvider().open(entry, model, new BackendConfig(1, "cpu", 2))));
        assertTrue(e.getMessage().startsWith("--gpu-layers 2: the llama.cpp library in " + lib + " offloaded no layers"),
                e.getMessage());
        assertTrue(e.getMessage().contains("it has no GPU support, or sees no GPU"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        // The same library with nothing to offload runs as the jar's does, on the CPU.
        try (GenerationBackend cpu = new LlamaCppProvider().open(entry, model, BackendConfig.cpu(1))) {
            assertEquals("cpu", cpu.device());
        }
    }

    @Test
    void theOffloadLineIsReadFromTheLogEvenInPieces() {
        OffloadLog log = new OffloadLog();
        assertEquals(-1, log.offloaded());
        log.accept(de.kherud.llama.LogLevel.INFO, "load_tensors: offloaded 2");
        log.accept(de.kherud.llama.LogLevel.INFO, "8/33 layers to GPU\nload_tensors: other\n");
        assertEquals(28, log.offloaded());
        assertEquals(33, log.layers());
    }
}
