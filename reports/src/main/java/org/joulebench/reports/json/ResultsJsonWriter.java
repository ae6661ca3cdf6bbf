package org.joulebench.reports.json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.RunResult;
import org.joulebench.reports.ReportWriter;

/**
 * {@code results.json}, written by the harness's own codec so that it reads back with
 * {@link ResultCodec#read}. Public only because {@link java.util.ServiceLoader} needs it.
 */
public final class ResultsJsonWriter implements ReportWriter {

    static final String FILE = "results.json";

    @Override
    public String id() {
        return "json";
    }

    @Override
    public List<Path> write(RunResult result, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            ResultCodec.write(result, out);
        }
        return List.of(file);
    }
}
