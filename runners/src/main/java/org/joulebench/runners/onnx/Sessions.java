package org.joulebench.runners.onnx;

import java.util.EnumSet;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;

/** Creates ONNX Runtime sessions with the threads and execution provider a {@link BackendConfig} asks for. */
final class Sessions {

    private Sessions() {
    }

    static OrtSession open(OrtEnvironment env, String modelId, byte[] model, BackendConfig config)
            throws BackendException {
        try (SessionOptions options = new SessionOptions()) {
            if (config.threads() > 0) {
                options.setIntraOpNumThreads(config.threads());
            }
            options.setInterOpNumThreads(1);
            // Idle pool threads wait without spinning: a run alternates several models' sessions on the same cores,
            // and a spinning pool of the session that just ran would take the next one's cores (and burn energy
            // the next model would be charged with).
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
