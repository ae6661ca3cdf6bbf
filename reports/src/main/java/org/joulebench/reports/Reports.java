package org.joulebench.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

import org.joulebench.harness.RunResult;

/** Writes every report format found on the class path. */
public final class Reports {

    /** Formats whose files other formats read: the HTML report embeds the charts. */
    private static final List<String> FIRST = List.of("charts");

    private Reports() {
    }

    /** Every report writer on the class path, in the order {@link #writeAll} runs them. */
    public static List<ReportWriter> writers() {
        List<ReportWriter> all = new ArrayList<>();
        ServiceLoader.load(ReportWriter.class, Reports.class.getClassLoader()).forEach(all::add);
        return ordered(all);
    }

    /**
     * Writes every report for {@code result} into {@code dir}, creating it if needed. A format that
     * fails does not stop the others; the failures are thrown together once all have run.
     *
     * @return the files written
     */
    /** Which files were written after all, in words: never a claim that others were when none were. */
    private static String writtenPart(List<Path> written, Path dir) {
        if (written.isEmpty()) {
            return "no format was written";
        }
        return "written: " + String.join(", ", written.stream().map(p -> dir.relativize(p).toString()).toList());
    }

    public static List<Path> writeAll(RunResult result, Path dir) throws IOException {
        return writeAll(result, dir, writers());
    }

    static List<Path> writeAll(RunResult result, Path dir, List<ReportWriter> writers) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ReportWriter writer : ordered(writers)) {
            try {
                written.addAll(writer.write(result, dir));
            } catch (IOException | RuntimeException e) {
                failures.add(e);
                failed.add(writer.id() + " (" + e.getMessage() + ")");
            }
        }
        if (!failures.isEmpty()) {
            IOException e = new IOException("could not write the report formats " + String.join(", ", failed)
                    + " into " + dir + "; " + writtenPart(written, dir));
            failures.forEach(e::addSuppressed);
            throw e;
        }
        return List.copyOf(written);
    }

    /** Every cross-run report writer on the class path, charts first (the HTML report embeds them). */
    public static List<CrossRunWriter> crossRunWriters() {
        List<CrossRunWriter> all = new ArrayList<>();
        ServiceLoader.load(CrossRunWriter.class, Reports.class.getClassLoader()).forEach(all::add);
        Set<String> seen = new HashSet<>();
        all.forEach(w -> {
            if (!seen.add(w.id())) {
                throw new IllegalStateException("two cross-run report writers have the id '" + w.id() + "'");
            }
        });
        all.sort(Comparator.<CrossRunWriter>comparingInt(w -> FIRST.contains(w.id()) ? 0 : 1)
                .thenComparing(CrossRunWriter::id));
        return List.copyOf(all);
    }

    /**
     * Writes the cross-run report of {@code runs} into {@code dir} ({@code report.md}, {@code report.html},
     * {@code report.csv}, {@code charts/*.png}), creating it if needed. A format that fails does not stop the
     * others; the failures are thrown together once all have run.
     *
     * @return the files written
     */
    public static List<Path> writeCrossRun(CrossRun runs, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (CrossRunWriter writer : crossRunWriters()) {
            try {
                written.addAll(writer.write(runs, dir));
            } catch (IOException | RuntimeException e) {
                failures.add(e);
                failed.add(writer.id() + " (" + e.getMessage() + ")");
            }
        }
        if (!failures.isEmpty()) {
            IOException e = new IOException("could not write the report formats " + String.join(", ", failed)
                    + " into " + dir + "; " + writtenPart(written, dir));
            failures.forEach(e::addSuppressed);
            throw e;
        }
        return List.copyOf(written);
    }

    /**
     * Writes an energy label per model and task of {@code runs} into {@code dir/labels} ({@code <task>--<model>.svg}
     * and {@code .png}), stars rated against all of the runs' results.
     *
     * @return the files written
     */
    public static List<Path> writeLabels(CrossRun runs, Path dir) throws IOException {
        return org.joulebench.reports.charts.EnergyLabels.write(runs, dir);
    }

    static List<ReportWriter> ordered(List<ReportWriter> writers) {
        Set<String> seen = new HashSet<>();
        for (ReportWriter w : writers) {
            if (!seen.add(w.id())) {
                throw new IllegalStateException("two report writers have the id '" + w.id() + "': "
                        + writers.stream().filter(o -> o.id().equals(w.id())).map(o -> o.getClass().getName())
                        .toList());
            }
        }
        List<ReportWriter> sorted = new ArrayList<>(writers);
        sorted.sort(Comparator.<ReportWriter>comparingInt(w -> FIRST.contains(w.id()) ? 0 : 1)
                .thenComparing(ReportWriter::id));
        return List.copyOf(sorted);
    }
}
