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
            try (OrtEnvironment.ThreadingOptions pool = new OrtEnvironment.ThreadingOptions()) {
                pool.setGlobalIntraOpNumThreads(threads);
                pool.setGlobalInterOpNumThreads(1);
                pool.setGlobalSpinControl(false);
                environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                        OrtEnvironment.DEFAULT_NAME, pool);
                sharedThreads = threads;
            } catch (IllegalStateException e) {
                environment = OrtEnvironment.getEnvironment(); // made elsewhere in this process: pools per session
            } catch (OrtException e) {
                throw new BackendException("ONNX Runtime could not make its thread pool of " + threads + " threads: "
                        + e.getMessage(), e);
            }
        }
        return environment;
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
            throw new BackendException("model " + modelId + ": ONNX Runtime could not open it on " + config.device()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Adds the execution provider for {@code device}: {@code cpu}, {@code cuda} or {@code cuda:N}. */
    static void addDevice(SessionOptions options, String device, EnumSet<OrtProvider> available)
            throws BackendException, OrtException {
        if (device.equals("cpu")) {
            return; // the CPU provider is always there
        }
        if (device.equals("cuda") || device.startsWith("cuda:")) {
            if (!available.contains(OrtProvider.CUDA)) {
                throw new BackendException("device " + device + " needs ONNX Runtime's CUDA execution provider, but the"
                        + " onnxruntime jar on the class path has only " + available + "; replace"
                        + " com.microsoft.onnxruntime:onnxruntime with com.microsoft.onnxruntime:onnxruntime_gpu of the"
                        + " same version (and install the CUDA and cuDNN it needs), or use device cpu");
            }
            options.addCUDA(cudaIndex(device));
            return;
        }
        throw new BackendException("device '" + device + "' is unknown to " + OnnxRuntimeProvider.ID
                + "; use cpu, cuda or cuda:N");
    }

    private static int cudaIndex(String device) throws BackendException {
        if (device.equals("cuda")) {
            return 0;
        }
        try {
            int index = Integer.parseInt(device.substring("cuda:".length()));
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BackendException("device '" + device + "': the GPU index must be a number >= 0, e.g. cuda:0");
    }
}
