package org.joulebench.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One format of the cross-run report ({@code joulebench report}). Implementations are found with
 * {@link java.util.ServiceLoader}: a new format is one class, one line in
 * {@code META-INF/services/org.joulebench.reports.CrossRunWriter} and one test.
 */
public interface CrossRunWriter {

    /** A short stable name, e.g. {@code csv} or {@code html}. */
    String id();

    /**
     * Writes this format's files for {@code runs} under {@code dir}, which exists.
     *
     * @return the files written, in the order written
     */
    List<Path> write(CrossRun runs, Path dir) throws IOException;
}
