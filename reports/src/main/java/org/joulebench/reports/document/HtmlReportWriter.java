package org.joulebench.reports.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.harness.RunResult;
import org.joulebench.reports.ReportWriter;

/**
 * {@code report.html}: the Markdown report's content plus the charts already under {@code charts/},
 * embedded, so the one file opens offline. Public only because {@link java.util.ServiceLoader} needs it.
 */
public final class HtmlReportWriter implements ReportWriter {

    static final String FILE = "report.html";

    @Override
    public String id() {
        return "html";
    }

    @Override
    public List<Path> write(RunResult result, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        List<Block> blocks = ReportDocument.of(result, ReportDocument.chartsIn(dir));
        String html;
        try {
            html = HtmlRenderer.render(blocks, path -> read(dir.resolve(path)));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return List.of(file);
    }

    /** The image's bytes, or null where there is no such file (a chart drawn only as PNG has no SVG). */
    static byte[] read(Path image) {
        if (!Files.isRegularFile(image)) {
            return null;
        }
        try {
            return Files.readAllBytes(image);
        } catch (IOException e) {
            throw new UncheckedIOException("could not embed " + image, e);
        }
    }
}
