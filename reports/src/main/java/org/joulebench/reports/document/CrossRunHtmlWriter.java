package org.joulebench.reports.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.reports.CrossRun;
import org.joulebench.reports.CrossRunWriter;

/**
 * {@code report.html} of a cross-run report: the Markdown report's content with the charts embedded, one
 * self-contained file with every string escaped. Public only because {@link java.util.ServiceLoader} needs it.
 */
public final class CrossRunHtmlWriter implements CrossRunWriter {

    @Override
    public String id() {
        return "html";
    }

    @Override
    public List<Path> write(CrossRun runs, Path dir) throws IOException {
        Path file = dir.resolve(HtmlReportWriter.FILE);
        List<Block> blocks = CrossRunDocument.of(runs, ReportDocument.chartsIn(dir));
        String html;
        try {
            html = HtmlRenderer.render(blocks, path -> HtmlReportWriter.read(dir.resolve(path)));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return List.of(file);
    }
}
