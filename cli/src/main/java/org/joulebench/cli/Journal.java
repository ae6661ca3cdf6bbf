package org.joulebench.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.joulebench.harness.QueryRecord;
import org.joulebench.harness.ResultCodec;

/**
 * {@code journal.jsonl} in the run's folder: one JSON object per line, written and flushed as the run goes, so
 * that a run killed outright (SIGKILL, a power cut short of the page cache) loses at most the query in flight. The
 * first line says what run it is ({@code "type": "run"}); each measured query follows ({@code "type": "query"},
 * the fields of a queries.csv row, as measured in its own window). A journal that cannot be written (a full disk)
 * remembers why, and the run stops at the next query rather than measure what it cannot keep.
 */
final class Journal implements AutoCloseable {

    static final String FILE = "journal.jsonl";

    private final Path file;
    private final java.io.OutputStream stream;
    private final Writer out;
    private final ObjectMapper json = ResultCodec.mapper()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    private IOException failure;

    private Journal(Path file, java.io.OutputStream stream) {
        this.file = file;
        this.stream = stream;
        this.out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
    }

    /** Opens {@code dir/journal.jsonl} and writes the run's line. */
    static Journal open(Path dir, Map<String, Object> run) throws IOException {
        Path file = dir.resolve(FILE);
        Journal j = new Journal(file, Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "run");
        line.putAll(run);
        j.write(line);
        if (j.failure != null) {
            throw j.failure;
        }
        return j;
    }

    /** Appends a measured query; after a failed write, nothing more is tried. */
    void query(QueryRecord q) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "query");
        line.put("task", q.task());
        line.put("model", q.model());
        line.put("backend", q.backend());
        line.put("repetition", q.repetition());
        line.put("block", q.block());
        line.put("item", q.item());
        line.put("tokens", q.tokens());
        line.put("joules_gross", q.joulesGross());
        line.put("joules_net", q.joulesNet());
        line.put("latency_ms", q.latencyMs());
        line.put("score", Double.isFinite(q.score()) ? q.score() : null);
        line.put("method", q.method());
        write(line);
    }

    private synchronized void write(Map<String, Object> line) {
        if (failure != null) {
            return;
        }
        try {
            out.write(json.writeValueAsString(line));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Whether a write failed: the run should stop, since what it measures next could not be kept. */
    synchronized boolean failed() {
        return failure != null;
    }

    /** Why the journal could not be written, in words, or null. */
    synchronized String failure() {
        return failure == null ? null : file + " could not be written: " + failure.getMessage();
    }

    @Override
    public synchronized void close() {
        // The stream closes on its own as well: when the disk is full, closing the writer fails while flushing and
        // (on Java 17) leaves the file open.
        try (stream) {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }
}
