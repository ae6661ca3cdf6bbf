package org.joulebench.reports.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.reports.CrossRun;
import org.joulebench.reports.CrossRunWriter;

/**
 * {@code report.md} of a cross-run report, linking the charts already under {@code charts/}. Public only
 * because {@link java.util.ServiceLoader} needs it.
 */
public final class CrossRunMarkdownWriter implements CrossRunWriter {

    @Override
    public String id() {
        return "markdown";
    }

    @Override
    public List<Path> write(CrossRun runs, Path dir) throws IOException {
        Path file = dir.resolve(MarkdownReportWriter.FILE);
        Files.writeString(file, MarkdownRenderer.render(CrossRunDocument.of(runs, ReportDocument.chartsIn(dir))),
                StandardCharsets.UTF_8);
        return List.of(file);
    }
}
