package org.joulebench.reports.csv;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.joulebench.harness.QueryRecord;
import org.joulebench.harness.RunResult;
import org.joulebench.reports.ReportWriter;

/**
 * {@code queries.csv}: one row per measured query, UTF-8, quoted as {@link Csv} says, numbers as
 * {@link CsvNumbers} says. Columns are only ever appended ({@code method}, then {@code energy}:
 * {@code measured} in the query's own window or {@code apportioned} as its time share of its pass's
 * window, then {@code block}: the block of items within the repetition, which every model of the task ran back to
 * back, the unit of a within-run comparison), so readers that go by position keep working. Public only because {@link java.util.ServiceLoader} needs it.
 */
public final class QueriesCsvWriter implements ReportWriter {

    static final String FILE = "queries.csv";
    static final List<String> HEADER = List.of("task", "model", "backend", "repetition", "item", "tokens",
            "joules_gross", "joules_net", "latency_ms", "score", "method", "energy", "block", "concurrency");

    @Override
    public String id() {
        return "csv";
    }

    @Override
    public List<Path> write(RunResult result, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        // The stream is its own resource: when the disk is full, closing the writer fails while flushing and (on
        // Java 17) leaves the file open; the stream's own close still releases it.
        try (java.io.OutputStream stream = Files.newOutputStream(file);
             Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8))) {
            out.write(Csv.record(HEADER));
            for (QueryRecord q : result.queries()) {
                out.write(Csv.record(row(q)));
            }
        }
        return List.of(file);
    }

    /** Fields of one row; a missing string is an empty field. */
    static List<String> row(QueryRecord q) {
        return Arrays.asList(q.task(), q.model(), q.backend(), Integer.toString(q.repetition()), q.item(),
                Integer.toString(q.tokens()), CsvNumbers.decimal(q.joulesGross()), CsvNumbers.decimal(q.joulesNet()),
                CsvNumbers.decimal(q.latencyMs()), CsvNumbers.decimal(q.score()), q.method(), q.energy(),
                Integer.toString(q.block()), q.concurrency() == null ? null : Integer.toString(q.concurrency()));
    }
}
