package org.joulebench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.joulebench.harness.InputException;

/**
 * Single output files a command writes (--json, --markdown, --junit, --out FILE): checked before work starts, written
 * whole. One overwrite rule for all of them: a file that exists is refused unless {@code --overwrite} is given.
 */
final class OutputFiles {

    /** The option every command that writes a named file has. */
    static final String OVERWRITE = "--overwrite";

    private OutputFiles() {
    }

    /**
     * Fails before any work when {@code file} could not be written: it exists and {@code overwrite} is false, its
     * folder cannot be made or written, or the path is a folder. Null (the option not given) passes.
     */
    static void checkWritable(Path file, String option, boolean overwrite) throws InputException {
        if (file == null) {
            return;
        }
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new InputException(option + " " + file + " is a folder", "give a file name");
        }
        if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !overwrite) {
            throw new InputException(option + " " + file + " already exists",
                    "pass " + OVERWRITE + " to replace it, or give another file name");
        }
        try {
            Files.createDirectories(abs.getParent());
            Path probe = Files.createTempFile(abs.getParent(), ".joulebench", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage(), "give a file in a writable folder");
        }
    }

    /**
     * Writes {@code text} to a temporary file beside {@code file}, then moves it into place: a full disk leaves the
     * previous file (or none), never a truncated one.
     */
    static void write(Path file, String text, String option) throws InputException {
        Path abs = file.toAbsolutePath().normalize();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            // A plain file (the umask's permissions, unlike createTempFile's owner-only ones), unique to this process.
            tmp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new InputException("cannot write " + option + " " + file + ": " + e.getMessage(),
                    "give a file in a writable folder with free space");
        }
    }

    /** Removes a scratch folder and what it holds; what cannot be removed is left. */
    static void deleteTree(Path folder) {
        try {
            OutputFolder.deleteRecursively(folder);
        } catch (IOException e) {
            // a scratch folder under the system's temporary folder: left for the system to clear
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // the write already failed; that error is the one reported
            }
        }
    }
}
