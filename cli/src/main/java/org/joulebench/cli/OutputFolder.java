package org.joulebench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
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

    /** Where reports are written until {@link #commit()}. */
    Path staging() {
        return staging;
    }

    Path target() {
        return target;
    }

    /** Moves the staged files into place. */
    void commit() throws IOException {
        if (Files.isDirectory(target)) {
            Files.delete(target); // checked empty in prepare()
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the staging folder after a failure, so nothing half-written is left looking complete. */
    void abandon() {
        try {
            deleteRecursively(staging);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("joulebench: could not remove " + staging + ": " + describe(e));
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
