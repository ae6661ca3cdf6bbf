package org.joulebench.harness;

/** Hears how far a run has got; the command line draws a progress bar from it. */
public interface ProgressListener {

    /** A phase of {@code total} steps begins; a previous phase, if any, is over. */
    void phase(String name, long total);

    /** {@code n} more steps of the current phase are done. */
    void advance(long n);

    /** The run is over (successfully or not). */
    void done();

    /** A listener that ignores everything. */
    static ProgressListener silent() {
        return new ProgressListener() {
            @Override
            public void phase(String name, long total) {
            }

            @Override
            public void advance(long n) {
            }

            @Override
            public void done() {
            }
        };
    }
}
