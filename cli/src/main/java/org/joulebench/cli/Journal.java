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
import org.joulebench.harness.ResultCodec;

/**
 * {@code journal.jsonl} in the run's folder: one JSON object per line, written and flushed as the run goes, so
 * that a run killed outright (SIGKILL, a power cut short of the page cache) loses at most the query in flight. The
 * first line says what run it is ({@code "type": "run"}: its id, version, seed and arguments); the run's own lines
 * follow (the machine and models, the idle baseline, each measured query as measured in its own window). A journal that cannot be written (a full disk)
 * remembers why, and the run stops at the next query rather than measure what it cannot keep.
 */
final class Journal implements AutoCloseable {

    static final String FILE = "journal.jsonl";

    private final Path file;
    private final java.io.OutputStream stream;
    private final Writer out;
    private static final ObjectMapper JSON = ResultCodec.mapper()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    private IOException failure;

    private Journal(Path file, java.io.OutputStream stream) {
        this.file = file;
        this.stream = stream;
        this.out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
    }

    /** Opens {@code dir/journal.jsonl} and writes the run's line. */
    static Journal open(Path dir, Map<String, Object> run) throws IOException {
        Journal j = append(dir);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "run");
        line.putAll(run);
        j.write(line);
        if (j.failure != null) {
            IOException failed = j.failure;
            j.close(); // the file is released even when its first line could not be written
            throw failed;
        }
        return j;
    }

    /** Opens {@code dir/journal.jsonl} to go on after the lines it holds (a resumed run). */
    static Journal append(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        return new Journal(file, Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    /** Appends one line the run gives (the machine and models, the idle baseline, each measured query). */
    synchronized void line(String json) {
        if (failure != null) {
            return;
        }
        try {
            out.write(json);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    private synchronized void write(Map<String, Object> line) {
        try {
            line(JSON.writeValueAsString(line));
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
