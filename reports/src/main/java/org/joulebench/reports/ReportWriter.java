package org.joulebench.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.harness.RunResult;

/**
 * One report format. Implementations are found with {@link java.util.ServiceLoader}: a new format is
 * one package, one line in {@code META-INF/services/org.joulebench.reports.ReportWriter} and one test.
 */
public interface ReportWriter {

    /** A short stable name, e.g. {@code csv} or {@code html}. */
    String id();

    /**
     * Writes this format's files for {@code result} under {@code dir}, which exists.
     *
     * @return the files written, in the order written
     */
    List<Path> write(RunResult result, Path dir) throws IOException;
}
