package org.joulebench.reports.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.harness.RunResult;
import org.joulebench.reports.ReportWriter;

/**
 * {@code report.md}, linking the charts already under {@code charts/}. Public only because
 * {@link java.util.ServiceLoader} needs it.
 */
public final class MarkdownReportWriter implements ReportWriter {

    static final String FILE = "report.md";

    @Override
    public String id() {
        return "markdown";
    }

    @Override
    public List<Path> write(RunResult result, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        String md = MarkdownRenderer.render(ReportDocument.of(result, ReportDocument.chartsIn(dir)));
        Files.writeString(file, md, StandardCharsets.UTF_8);
        return List.of(file);
    }
}
