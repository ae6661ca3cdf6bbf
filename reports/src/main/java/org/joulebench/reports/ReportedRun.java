package org.joulebench.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

import org.joulebench.harness.HostFingerprint;
import org.joulebench.harness.InputException;
import org.joulebench.harness.ResultFolder;
import org.joulebench.harness.RunResult;

/**
 * One run in a cross-run report: its result, the folder it was read from, and the label it goes by in
 * every table and chart (its host's name, numbered where several runs share a host name).
 *
 * @param label       how the report names this run; unique within a report
 * @param source      where the result was read from, in words (a folder name), or null
 * @param fingerprint {@link HostFingerprint#of} the run's host
 */
public record ReportedRun(String label, String source, String fingerprint, RunResult result) {

    public ReportedRun {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(result, "result");
    }

    /**
     * Reads {@code folder/results.json} (the per-query {@code queries.csv} is not needed and not read).
     *
     * @throws IOException naming the folder and what is wrong with it
     */
    public static RunResult read(Path folder) throws IOException {
        Path json = folder.resolve("results.json");
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "not a folder");
        }
        if (!Files.isRegularFile(json)) {
            throw new NoSuchFileException(json.toString(), null, "no results.json in this folder");
        }
        try {
            return ResultFolder.readResults(json);
        } catch (InputException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
