package org.joulebench.runners;

import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelFiles;

/** The plug-in point for a model backend, found by {@link java.util.ServiceLoader}. */
public interface BackendProvider {

    /** Stable id used on the command line and in results, e.g. {@code onnxruntime}. */
    String id();

    String description();

    /** Whether this backend can run the model (by format and task). */
    boolean supports(ModelEntry model);

    /** Loads the model; fails with what went wrong and what to do. */
    EmbeddingBackend open(ModelFiles files, BackendConfig config) throws BackendException;
}
