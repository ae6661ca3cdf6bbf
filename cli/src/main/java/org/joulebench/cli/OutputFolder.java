package org.joulebench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.joulebench.harness.InputException;

/**
 * The run's output folder, checked before the run starts and filled at the end: reports are
 * written into a hidden staging folder beside it and moved into place only when every file is
 * written, so a folder that exists is complete.
 */
final class OutputFolder {

    private final Path target;
    private final Path staging;

    private OutputFolder(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /** Checks that {@code target} can be written (absent or an empty folder) and makes the staging folder. */
    static OutputFolder prepare(Path target) throws InputException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            if (!Files.isDirectory(abs)) {
                throw new InputException("--out " + target + " is a file, not a folder", "choose a folder for --out");
            }
            try (DirectoryStream<Path> d = Files.newDirectoryStream(abs)) {
                if (d.iterator().hasNext()) {
                    throw new InputException("--out " + target + " is not empty",
                            "choose a new folder for --out, or empty it");
                }
            } catch (IOException e) {
                throw new InputException("--out " + target + " cannot be read: " + e.getMessage(),
                        "choose a folder you can write to");
            }
        }
        Path parent = abs.getParent();
        Path staging = parent.resolve("." + abs.getFileName() + ".incomplete");
        if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
            // Left by an earlier run that was killed: removed only if it holds nothing a run would not write, and
            // no measured query.
            long kept = journalQueries(staging);
            if (kept > 0) {
                throw new InputException("--out " + target + ": an earlier run that was killed or failed left the "
                        + kept + " queries it measured in " + staging.resolve(Journal.FILE),
                        "finish it with `joulebench run --resume " + staging + "`, or move that folder elsewhere");
            }
            String foreign = foreign(staging);
            if (foreign != null) {
                throw new InputException("--out " + target + ": its staging folder " + staging + " holds "
                        + foreign + ", which joulebench did not write", "move what you keep there elsewhere, or "
                        + "remove the folder; joulebench removes a staging folder only when it holds just a run's files");
            }
        }
        try {
            Files.createDirectories(parent);
            deleteRecursively(staging);
            Files.createDirectory(staging);
            Path probe = Files.createTempFile(staging, "probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | UncheckedIOException e) {
            throw new InputException("cannot write to --out " + target + ": " + describe(e),
                    "choose a folder you can write to");
        }
        return new OutputFolder(abs, staging);
    }

    /** The folder a resumed run finishes into: {@code dir} itself, or {@code NAME} for a {@code .NAME.incomplete}. */
    static Path targetOf(Path dir) {
        String name = dir.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".incomplete") && name.length() > ".incomplete".length() + 1) {
            return dir.resolveSibling(name.substring(1, name.length() - ".incomplete".length()));
        }
        return dir;
    }

    /**
     * The staging folder of a resumed run: {@code from} itself when it is the staging folder a killed run left,
     * else a new one beside {@code target} holding a copy of the interrupted run's journal. {@link #commit()} then
     * replaces the partial folder.
     */
    static OutputFolder forResume(Path target, Path from) throws InputException {
        Path abs = target.toAbsolutePath().normalize();
        Path staging = abs.resolveSibling("." + abs.getFileName() + ".incomplete");
        if (staging.equals(from)) {
            return new OutputFolder(abs, staging);
        }
        if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
            throw new InputException("cannot resume into " + target + ": " + staging + " is there already (an earlier"
                    + " attempt was killed)", "resume that folder instead: --resume " + staging);
        }
        try {
            Files.createDirectory(staging);
            Files.copy(from.resolve(Journal.FILE), staging.resolve(Journal.FILE));
        } catch (IOException e) {
            throw new InputException("cannot resume into " + target + ": " + describe(e),
                    "choose a folder you can write to");
        }
        return new OutputFolder(abs, staging);
    }

    /** Where reports are written until {@link #commit()}. */
    Path staging() {
        return staging;
    }

    Path target() {
        return target;
    }

    /** Moves the staged files into place. */
    void commit() throws IOException {
        Path replaced = null;
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> d = Files.newDirectoryStream(target)) {
                if (d.iterator().hasNext()) {
                    // a resumed run's partial folder: kept aside until the finished one is in place
                    replaced = target.resolveSibling("." + target.getFileName() + ".replaced");
                    deleteRecursively(replaced);
                    Files.move(target, replaced, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            if (replaced == null) {
                Files.delete(target); // checked empty in prepare()
            }
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        if (replaced != null) {
            deleteRecursively(replaced);
        }
    }

    /**
     * Removes the staging folder after a failure, so nothing half-written is left looking complete; but where its
     * journal holds measured queries, the folder stays (it is not complete: it keeps its hidden name) and stderr
     * says where they are.
     */
    void abandon() {
        long kept = journalQueries(staging);
        if (kept > 0) {
            System.err.println("joulebench: the " + kept + " queries measured before the failure are kept in "
                    + staging.resolve(Journal.FILE) + " (finish the run with `joulebench run --resume " + staging
                    + "`)");
            return;
        }
        try {
            deleteRecursively(staging);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("joulebench: could not remove " + staging + ": " + describe(e));
        }
    }

    /** The files a run or a report writes into its output folder; anything else there is the user's. */
    private static final Pattern RUN_FILE = Pattern.compile(
            "results\\.json|queries\\.csv|journal\\.jsonl|report\\.(md|html|csv)|probe[0-9]*\\.tmp|\\.[^/]+\\.[0-9]+\\.tmp");
    private static final Pattern CHART = Pattern.compile("[A-Za-z0-9._-]+\\.png");
    private static final Pattern FORK_LOG = Pattern.compile("fork-[0-9]+\\.log");
    private static final Pattern FORK_FOLDER = Pattern.compile("\\.?fork-[0-9]+(\\.incomplete)?");

    /**
     * The first entry of a (staging) folder that no run writes, relative to it, or null when it holds only a run's
     * files: results.json, queries.csv, journal.jsonl, report.*, charts/*.png, forks/fork-K.log and forks/fork-K/ (the same again),
     * and the probes and temporary files of the writers. Links and anything unexpected count as the user's.
     */
    static String foreign(Path folder) {
        return foreign(folder, folder, 0);
    }

    private static String foreign(Path root, Path folder, int depth) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return root.relativize(folder).toString().isEmpty() ? folder.toString() : root.relativize(folder).toString();
        }
        try (DirectoryStream<Path> d = Files.newDirectoryStream(folder)) {
            for (Path p : d) {
                String name = p.getFileName().toString();
                boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                boolean file = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
                String inner = null;
                boolean ours;
                if (file) {
                    ours = RUN_FILE.matcher(name).matches();
                } else if (dir && name.equals("charts")) {
                    ours = true;
                    inner = onlyFiles(root, p, CHART);
                } else if (dir && name.equals("forks") && depth < 4) {
                    ours = true;
                    try (DirectoryStream<Path> forks = Files.newDirectoryStream(p)) {
                        for (Path f : forks) {
                            String n = f.getFileName().toString();
                            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && FORK_LOG.matcher(n).matches()) {
                                continue;
                            }
                            if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS) && FORK_FOLDER.matcher(n).matches()) {
                                inner = foreign(root, f, depth + 1);
                            } else {
                                inner = root.relativize(f).toString();
                            }
                            if (inner != null) {
                                break;
                            }
                        }
                    }
                } else {
                    ours = false;
                }
                if (!ours) {
                    return root.relativize(p).toString();
                }
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        } catch (IOException e) {
            return root.relativize(folder) + " (unreadable: " + e.getMessage() + ")";
        }
    }

    private static String onlyFiles(Path root, Path folder, Pattern names) throws IOException {
        try (DirectoryStream<Path> d = Files.newDirectoryStream(folder)) {
            for (Path p : d) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || !names.matcher(p.getFileName().toString())
                        .matches()) {
                    return root.relativize(p).toString();
                }
            }
        }
        return null;
    }

    /** Measured queries in a staging folder's journal; 0 where there is none or it cannot be read. */
    static long journalQueries(Path staging) {
        Path journal = staging.resolve(Journal.FILE);
        if (!Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(journal)) {
            return lines.filter(l -> l.startsWith("{\"type\":\"query\"")).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static String describe(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        String kind = t instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : t instanceof java.nio.file.FileSystemException ? "file system error" : t.getClass().getSimpleName();
        return kind + " (" + t.getMessage() + ")";
    }
}
