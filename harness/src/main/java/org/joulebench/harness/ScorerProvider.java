package org.joulebench.harness;

/** The plug-in point for a scorer named by a suite's task, found by {@link java.util.ServiceLoader}. */
public interface ScorerProvider {

    /** The name suites use: {@code retrieval}, {@code centroid-classification}, … */
    String id();

    /**
     * Builds a fresh task for one model from the task's items; fails with the dataset's problem
     * (a missing split, too few items) before any model runs.
     */
    Task create(TaskSpec task) throws InputException;
}
