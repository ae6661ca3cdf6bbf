package org.joulebench.runners.onnx;

import java.util.EnumSet;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Devices;

/**
 * Creates ONNX Runtime sessions with the threads and execution provider a {@link BackendConfig} asks for.
 *
 * <p>Every CPU session of the process runs on one shared thread pool, made with the environment: a run alternates
 * several models' sessions block by block, and with a pool per session each session's threads kept their own
 * places on the cores, so a burst of other load on one core slowed one model's turns and not the other's for as
 * long as it lasted (a within-run A/A of one model twice then differed by 10-20 % in CPU time, consistently
 * over many blocks). Idle pool threads wait without spinning, so that the pool does not take the cores of the
 * next thing that runs (nor burn energy it would be charged with). A session that asks for another number of
 * threads than the shared pool has gets a pool of its own.
 */
final class Sessions {

    private static OrtEnvironment environment;
    /** The shared pool's threads; 0 where the environment was made without one (someone else made it first). */
    private static int sharedThreads;

    private Sessions() {
    }

    /** The process's ONNX Runtime environment, made on first use with a shared pool of {@code threads} threads. */
    static synchronized OrtEnvironment environment(BackendConfig config) throws BackendException {
        if (environment == null) {
            int threads = poolThreads(config);
            try {
                environment = EnvironmentThread.call("onnxruntime-environment", () -> create(threads));
                sharedThreads = threads;
            } catch (IllegalStateException e) {
                environment = OrtEnvironment.getEnvironment(); // made elsewhere in this process: pools per session
            } catch (OrtException e) {
                throw new BackendException("ONNX Runtime could not make its environment with a pool of " + threads + " threads: "
                        + e.getMessage(), e);
            } catch (Exception e) {
                throw new BackendException("ONNX Runtime could not make its environment: " + e, e);
            }
        }
        return environment;
    }

    /**
     * The environment with the shared pool. On a thread of {@link EnvironmentThread}: ONNX Runtime's telemetry,
     * while it makes the environment, can overflow a Java thread's stack.
     */
    private static OrtEnvironment create(int threads) throws OrtException {
        try (OrtEnvironment.ThreadingOptions pool = new OrtEnvironment.ThreadingOptions()) {
            pool.setGlobalIntraOpNumThreads(threads);
            pool.setGlobalInterOpNumThreads(1);
            pool.setGlobalSpinControl(false);
            OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                    OrtEnvironment.DEFAULT_NAME, pool);
            // No telemetry events from here on (the one sent while the environment is made only
            // ORT_DISABLE_TELEMETRY=1 stops): background work and network traffic inside measured windows.
            env.setTelemetry(false);
            return env;
        }
    }

    private static int poolThreads(BackendConfig config) {
        return config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
    }

    static OrtSession open(OrtEnvironment env, String modelId, byte[] model, BackendConfig config)
            throws BackendException {
        try (SessionOptions options = new SessionOptions()) {
            boolean shared;
            synchronized (Sessions.class) {
                shared = env == environment && sharedThreads > 0 && poolThreads(config) == sharedThreads
                        && config.device().equals("cpu");
            }
            if (shared) {
                options.disablePerSessionThreads();
            } else if (config.threads() > 0) {
                options.setIntraOpNumThreads(config.threads());
            }
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OptLevel.ALL_OPT);
            addDevice(options, config.device(), OrtEnvironment.getAvailableProviders());
            return env.createSession(model, options);
        } catch (OrtException e) {
            if (Devices.isCuda(config.device())) {
                throw new BackendException("model " + modelId + ": " + noCuda(config.device(), e), e);
            }
            throw new BackendException("model " + modelId + ": ONNX Runtime could not open it on " + config.device()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Adds the execution provider for {@code device}: {@code cpu}, {@code cuda} or {@code cuda:N}. */
    static void addDevice(SessionOptions options, String device, EnumSet<OrtProvider> available)
            throws BackendException, OrtException {
        try {
            Devices.check(device);
        } catch (IllegalArgumentException e) {
            throw new BackendException(e.getMessage());
        }
        if (device.equals("cpu")) {
            return; // the CPU provider is always there
        }
        if (!available.contains(OrtProvider.CUDA)) {
            throw new BackendException(CPU_BUILD.formatted(device, available));
        }
        try {
            options.addCUDA(Devices.cudaIndex(device));
        } catch (OrtException e) {
            throw new BackendException(noCuda(device, e));
        }
    }

    /** The message for a CUDA device asked of ONNX Runtime's CPU build. */
    static final String CPU_BUILD = "--device %s: the CPU build of ONNX Runtime is on the class path (its providers:"
            + " %s); build with -Pcuda, or run the built CLI with JOULEBENCH_ORT_JAR=<onnxruntime_gpu jar>"
            + " (see docs/gpu.md), or use --device cpu";

    /** The message for a GPU build that cannot reach CUDA: no driver, no GPU, or CUDA/cuDNN libraries missing. */
    static String noCuda(String device, OrtException e) {
        String reason = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
        if (reason.length() > 240) {
            reason = reason.substring(0, 240) + "…";
        }
        return "--device " + device + ": ONNX Runtime's GPU build could not start CUDA (" + reason + "); it needs an"
                + " NVIDIA GPU with its driver (check nvidia-smi) and the CUDA 12 and cuDNN 9 libraries on"
                + " LD_LIBRARY_PATH, or use --device cpu";
    }
}
