package org.joulebench.zoo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sha256 check of a cached model copy. Hashing a large file on every run is slow, so the result is kept beside
 * the copy ({@code FILE.verified}: size, modification time and sha256) and trusted while the file's size and
 * modification time are unchanged; any change to the file (a rewrite, a copy over it) changes its modification
 * time, and it is hashed again.
 */
final class CachedCopies {

    private CachedCopies() {
    }

    /** Whether {@code file} has the sha256 {@code expected}, hashing it only when it changed since last verified. */
    static boolean matches(Path file, String expected) throws IOException {
        String stamp = stamp(file, expected);
        Path sidecar = sidecar(file);
        if (Files.isRegularFile(sidecar) && Files.readString(sidecar, StandardCharsets.UTF_8).strip().equals(stamp)) {
            return true;
        }
        if (!Sha256.hex(file).equalsIgnoreCase(expected)) {
            Files.deleteIfExists(sidecar);
            return false;
        }
        Files.writeString(sidecar, stamp + "\n", StandardCharsets.UTF_8);
        return true;
    }

    /** Records that {@code file}, just written from a verified source, has the sha256 {@code sha256}. */
    static void remember(Path file, String sha256) throws IOException {
        Files.writeString(sidecar(file), stamp(file, sha256) + "\n", StandardCharsets.UTF_8);
    }

    private static String stamp(Path file, String sha256) throws IOException {
        return Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis() + " " + sha256.toLowerCase();
    }

    private static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + ".verified");
    }
}
