package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device}, {@code --gpu-layers} and {@code --serve-local} on a machine without a GPU, with the default (CPU)
 * builds: each wrong or inapplicable use is one line and status 2, before anything is measured.
 */
class GpuOptionsTest {

    @TempDir
    Path dir;

    private CliRunner.Outcome run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--out";
        all[args.length + 1] = dir.resolve("o").toString();
        return CliRunner.run(all);
    }

    private void assertOneLineError(CliRunner.Outcome o, String... expected) {
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        for (String e : expected) {
            assertTrue(o.err().contains(e), o.err());
        }
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(Files.exists(dir.resolve("o")), "nothing written");
    }

    @Test
    void junkDevicesAreRefusedBeforeAnythingLoads() {
        for (String bad : new String[] {"tpu", "cuda:x", "cuda:", "gpu", "cuda0"}) {
            assertOneLineError(run("run", "--device", bad, "--models", "all-minilm-l6-v2-q"),
                    "--device: device '" + bad + "' is not one Joulebench knows; use cpu, cuda or cuda:N");
        }
    }

    @Test
    void cudaWithTheCpuBuildOfOnnxRuntimeNamesTheFix() {
        assertOneLineError(run("run", "--device", "cuda:0", "--models", "all-minilm-l6-v2-q", "--meter", "estimate",
                        "--idle-seconds", "0"),
                "--device cuda:0: the CPU build of ONNX Runtime is on the class path", "build with -Pcuda",
                "JOULEBENCH_ORT_JAR");
    }

    @Test
    void cudaOnAnEngineThatCannotUseItIsRefused() {
        assertOneLineError(run("run", "--suite", "generation", "--device", "cuda", "--models", "kjv-small",
                "--backend", "java", "--meter", "estimate"), "--device cuda cannot apply to java");
        assertOneLineError(run("run", "--suite", "generation", "--device", "cuda", "--models", "kjv-small",
                "--backend", "llamacpp", "--meter", "estimate"), "--device cuda cannot apply to llamacpp",
                "--gpu-layers N instead");
    }

    @Test
    void gpuLayersWithTheCpuOnlyLlamaCppLibrarySayHowToGetACudaBuild() {
        assertOneLineError(run("run", "--suite", "generation", "--gpu-layers", "99", "--models", "kjv-small",
                "--backend", "llamacpp", "--meter", "estimate"),
                "--gpu-layers 99: the llama.cpp library inside the de.kherud:llama 4.2.0 jar is a CPU-only build",
                "-DGGML_CUDA=ON", "-Dde.kherud.llama.lib.path=");
        assertOneLineError(run("run", "--gpu-layers", "-1", "--models", "kjv-small"), "--gpu-layers must be >= 0");
        assertOneLineError(run("run", "--suite", "generation", "--gpu-layers", "8", "--models", "kjv-small",
                "--backend", "java", "--meter", "estimate"), "--gpu-layers 8 cannot apply to java");
    }

    @Test
    void serveLocalIsRefusedWhereThisBuildHasNoServeCommand() {
        if (Joulebench.hasServe()) {
            // Where serve exists, --serve-local is exercised by LocalServerTest against the real command.
            assertTrue(Joulebench.hasServe());
            return;
        }
        assertOneLineError(run("run", "--suite", "generation", "--serve-local", "kjv-small", "--meter", "estimate"),
                "--serve-local needs the `joulebench serve` command, which this build of Joulebench does not have");
    }

    @Test
    void serveLocalCannotGoWithForks() {
        assertOneLineError(run("run", "--serve-local", "kjv-small", "--forks", "2"),
                "--serve-local cannot go with --forks 2");
    }
}
