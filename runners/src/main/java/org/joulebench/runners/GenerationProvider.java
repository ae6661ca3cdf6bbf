package org.joulebench.runners;

import java.nio.file.Path;

import org.joulebench.zoo.ModelEntry;

/** The plug-in point for a generation engine, found by {@link java.util.ServiceLoader}. */
public interface GenerationProvider {

    /** Stable id used on the command line and in results: {@code llamacpp}, {@code java}, {@code openai}. */
    String id();

    String description();

    /** Whether this engine can run the model (by format and task). */
    boolean supports(ModelEntry model);

    /**
     * Opens the model from its verified file on disk (engines such as llama.cpp need a path);
     * fails with what went wrong and what to do.
     */
    GenerationBackend open(ModelEntry model, Path modelFile, BackendConfig config) throws BackendException;
}
